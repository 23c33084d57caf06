// What each role may do until authentication lands; resolvers call requireRole before acting.
import { QuerentError } from '../errors/querent-error';
import type { RequestContext, Role } from './request-context';

const RANK: Record<Role, number> = { viewer: 0, analyst: 1, admin: 2 };

/** What a role may see beyond its rank: `pii` shows columns flagged as personal data unmasked. */
export type Permission = 'pii';

const PERMISSIONS: Record<Role, readonly Permission[]> = { viewer: [], analyst: [], admin: ['pii'] };

export function hasPermission(role: Role, permission: Permission): boolean {
  return PERMISSIONS[role].includes(permission);
}

export function requireRole(context: RequestContext, needed: Role, action: string): void {
  if (RANK[context.role] < RANK[needed]) {
    throw new QuerentError('FORBIDDEN', `only the ${needed} role may ${action}; this request has the ${context.role} role`, { neededRole: needed });
  }
}
