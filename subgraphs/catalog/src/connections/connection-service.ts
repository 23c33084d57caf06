// Registered connections: add (tested first), test, make default, remove, list; and the demo database's one-time registration.
import { performance } from 'node:perf_hooks';
import { asQuerentError, QuerentError, TOPICS, type AuditLog, type ConnectOptions, type EventBus } from '@querent/common';
import type { ConnectionRecord } from './connection';
import type { ConnectionRepository } from './connection-repository';
import { parseConnectionUrl, sqliteUrlFor, type ParsedConnectionUrl } from './connection-url';
import type { ConnectionTarget } from '../memory/dialect-connector';

export const DEMO_CONNECTION_NAME = 'demo';
const DEMO_REGISTERED_ACTION = 'connection.demo-registered';
const NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_.-]{0,62}$/;
const MAX_TAGS = 20;

export interface ConnectionServicePorts {
  repository: ConnectionRepository;
  encrypt: (plaintext: string) => string;
  decrypt: (stored: string) => string;
  bus: EventBus;
  audit: AuditLog;
  connectOptions: ConnectOptions;
  /** Called when a connection is removed, so its memory and open handles go too. */
  onRemoved?: (id: string, purge: boolean) => Promise<void>;
}

export interface NewDatabaseInput {
  name: string;
  url: string;
  tags?: string[] | null;
  description?: string | null;
}

export interface ConnectionTestResult {
  ok: boolean;
  latencyMs: number;
  /** The database's own name, when the connection worked. */
  database: string | null;
  schemaCount: number | null;
  error: { code: string; message: string } | null;
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

  async get(id: string): Promise<ConnectionRecord> {
    const [found] = await this.getMany([id]);
    if (!found) throw new QuerentError('NOT_FOUND', `no database with id ${id}`);
    return found;
  }

  /** How to reach a registered database: its dialect and its decrypted URL (never leaves the process). */
  async target(id: string): Promise<ConnectionTarget> {
    const stored = await this.ports.repository.encryptedUrl(id);
    if (!stored) throw new QuerentError('NOT_FOUND', `no database with id ${id}`);
    const url = this.ports.decrypt(stored);
    return { dialect: parseConnectionUrl(url).dialect, url };
  }

  /** Registers a database after a successful test connection; on any failure nothing is stored. */
  async add(input: NewDatabaseInput, actor: string): Promise<ConnectionRecord> {
    const name = input.name?.trim() ?? '';
    if (!NAME_PATTERN.test(name)) {
      throw new QuerentError('BAD_INPUT', 'a database name starts with a letter and has at most 63 letters, digits, "_", "-" or "."', { field: 'name' });
    }
    const tags = [...new Set((input.tags ?? []).map((t) => t.trim()).filter(Boolean))];
    if (tags.length > MAX_TAGS || tags.some((t) => t.length > 40)) throw new QuerentError('BAD_INPUT', `at most ${MAX_TAGS} tags of at most 40 characters each`, { field: 'tags' });
    if ((input.description ?? '').length > 2000) throw new QuerentError('BAD_INPUT', 'the description is longer than 2000 characters', { field: 'description' });
    if (await this.ports.repository.findByName(name)) throw new QuerentError('BAD_INPUT', `a database named "${name}" already exists; choose another name or remove it first`, { field: 'name' });
    const parsed = parseConnectionUrl(input.url ?? '');
    const test = await this.probe(parsed, input.url.trim());
    if (!test.ok) throw new QuerentError((test.error?.code as 'BAD_INPUT') ?? 'CONNECTION_UNREACHABLE', test.error?.message ?? 'the test connection failed', { field: 'url' });
    const hasOthers = (await this.ports.repository.list()).length > 0;
    const created = await this.ports.repository.create({
      name,
      dialect: parsed.dialect.name,
      encryptedUrl: this.ports.encrypt(input.url.trim()),
      displayUrl: parsed.displayUrl,
      description: input.description?.trim() || undefined,
      tags,
      isDefault: !hasOthers,
      isDemo: false,
    });
    await this.ports.repository.recordTest(created.id, new Date(), true);
    await this.ports.audit.append({ actor, action: 'connection.added', connectionId: created.id, target: name, detail: { url: parsed.displayUrl, dialect: parsed.dialect.name, database: test.database } });
    await this.ports.bus.publish(TOPICS.CONNECTION, { kind: 'ADDED', databaseId: created.id, name, at: new Date().toISOString() });
    return { ...created, lastTestedAt: new Date(), lastTestOk: true };
  }

  /** Connects, reads the database name and schema list, and records the outcome. A failure is an answer, not an error. */
  async test(id: string, actor: string): Promise<ConnectionTestResult> {
    const record = await this.get(id);
    const { url } = await this.target(id);
    const result = await this.probe(parseConnectionUrl(url), url);
    await this.ports.repository.recordTest(id, new Date(), result.ok);
    await this.ports.audit.append({ actor, action: 'connection.tested', connectionId: id, target: record.name, detail: { ok: result.ok, latencyMs: result.latencyMs, error: result.error?.code ?? null } });
    return result;
  }

  async setDefault(id: string, actor: string): Promise<ConnectionRecord> {
    const record = await this.get(id);
    const updated = await this.ports.repository.setDefault(id);
    await this.ports.audit.append({ actor, action: 'connection.default-set', connectionId: id, target: record.name, detail: {} });
    await this.ports.bus.publish(TOPICS.CONNECTION, { kind: 'DEFAULT_CHANGED', databaseId: id, name: record.name, at: new Date().toISOString() });
    return updated;
  }

  /** Removes a connection and its schema memory; its change history stays unless `purge` is set. */
  async remove(id: string, purge: boolean, actor: string): Promise<ConnectionRecord> {
    const record = await this.get(id);
    await this.ports.onRemoved?.(id, purge);
    await this.ports.repository.delete(id);
    const remaining = await this.ports.repository.list();
    if (record.isDefault && remaining.length > 0 && !remaining.some((c) => c.isDefault)) await this.ports.repository.setDefault(remaining[0].id);
    await this.ports.audit.append({ actor, action: 'connection.removed', connectionId: id, target: record.name, detail: { purge } });
    await this.ports.bus.publish(TOPICS.CONNECTION, { kind: 'REMOVED', databaseId: id, name: record.name, at: new Date().toISOString() });
    return record;
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
      dialect: parsed.dialect.name,
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

  private async probe(parsed: ParsedConnectionUrl, url: string): Promise<ConnectionTestResult> {
    const started = performance.now();
    try {
      const connection = await parsed.dialect.connect(url, this.ports.connectOptions);
      try {
        const database = await connection.currentDatabase();
        const schemas = await connection.listSchemas();
        return { ok: true, latencyMs: Math.round(performance.now() - started), database, schemaCount: schemas.length, error: null };
      } finally {
        await connection.close().catch(() => undefined);
      }
    } catch (error) {
      const typed = asQuerentError(error);
      return { ok: false, latencyMs: Math.round(performance.now() - started), database: null, schemaCount: null, error: { code: typed.code, message: typed.message } };
    }
  }
}
