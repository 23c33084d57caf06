// Registered connections: listing them and registering the demo database. addDatabase and friends build on this.
import { TOPICS, type AuditLog, type EventBus } from '@querent/common';
import type { ConnectionRecord } from './connection';
import type { ConnectionRepository } from './connection-repository';
import { parseConnectionUrl, sqliteUrlFor } from './connection-url';

export const DEMO_CONNECTION_NAME = 'demo';
const DEMO_REGISTERED_ACTION = 'connection.demo-registered';

export interface ConnectionServicePorts {
  repository: ConnectionRepository;
  encrypt: (plaintext: string) => string;
  bus: EventBus;
  audit: AuditLog;
}

export class ConnectionService {
  constructor(private readonly ports: ConnectionServicePorts) {}

  list(): Promise<ConnectionRecord[]> {
    return this.ports.repository.list();
  }

  /** Connections by id, in the order asked, null where none exists (DataLoader's contract). */
  async getMany(ids: readonly string[]): Promise<(ConnectionRecord | null)[]> {
    const found = new Map((await this.ports.repository.findByIds(ids)).map((c) => [c.id, c]));
    return ids.map((id) => found.get(id) ?? null);
  }

  /**
   * Registers the demo database once, the first time Querent starts with it. If a person later removes it,
   * it stays removed: the audit log remembers that it was registered.
   */
  async registerDemoOnce(demoFile: string): Promise<ConnectionRecord | null> {
    if (await this.ports.audit.hasRecorded(DEMO_REGISTERED_ACTION)) return null;
    const existing = await this.ports.repository.findByName(DEMO_CONNECTION_NAME);
    if (existing) return null;
    const url = sqliteUrlFor(demoFile);
    const parsed = parseConnectionUrl(url);
    const hasOthers = (await this.ports.repository.list()).length > 0;
    const created = await this.ports.repository.create({
      name: DEMO_CONNECTION_NAME,
      dialect: parsed.dialect,
      encryptedUrl: this.ports.encrypt(url),
      displayUrl: parsed.displayUrl,
      description: 'Demo retail business: regions, customers, products, orders, order items and returns over three years.',
      tags: ['demo'],
      isDefault: !hasOthers,
      isDemo: true,
    });
    await this.ports.audit.append({ actor: 'system', action: DEMO_REGISTERED_ACTION, connectionId: created.id, target: created.name, detail: { url: parsed.displayUrl } });
    await this.ports.bus.publish(TOPICS.CONNECTION, { kind: 'ADDED', databaseId: created.id, name: created.name, at: new Date().toISOString() });
    return created;
  }
}
