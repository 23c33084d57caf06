// The append-only audit log port and its store implementation: entries are only ever created, never changed.
import crypto from 'node:crypto';
import type { PrismaStore } from '../store';

export interface AuditRecord {
  actor: string;
  action: string;
  connectionId?: string;
  target?: string;
  detail?: Record<string, unknown>;
}

export interface AuditLog {
  append(entry: AuditRecord): Promise<void>;
  /** Whether an action was ever recorded (optionally for one connection); used for one-time system steps. */
  hasRecorded(action: string): Promise<boolean>;
}

export class StoreAuditLog implements AuditLog {
  constructor(private readonly store: PrismaStore) {}

  async append(entry: AuditRecord): Promise<void> {
    await this.store.prisma.auditEntry.create({
      data: {
        id: crypto.randomUUID(),
        actor: entry.actor,
        action: entry.action,
        connectionId: entry.connectionId ?? null,
        target: entry.target ?? null,
        detail: (entry.detail ?? {}) as object,
      },
    });
  }

  async hasRecorded(action: string): Promise<boolean> {
    return (await this.store.prisma.auditEntry.count({ where: { action } })) > 0;
  }
}
