// The per-request context every resolver sees: who is asking (role) and a request id for logs.
import crypto from 'node:crypto';
import type http from 'node:http';

export const ROLES = ['viewer', 'analyst', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface RequestContext {
  requestId: string;
  /** Until authentication lands, the role comes from the x-querent-role header (tests set it), else QUERENT_DEFAULT_ROLE. */
  role: Role;
}

export function createRequestContext(req: http.IncomingMessage | undefined, defaultRole: Role): RequestContext {
  const header = req?.headers['x-querent-role'];
  const role = typeof header === 'string' && (ROLES as readonly string[]).includes(header) ? (header as Role) : defaultRole;
  const requestId = typeof req?.headers['x-request-id'] === 'string' ? (req.headers['x-request-id'] as string) : crypto.randomUUID();
  return { requestId, role };
}
