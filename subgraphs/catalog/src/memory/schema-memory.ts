// The schema memory: discovers each database progressively, keeps what it learned (in process and in the store),
// re-reads only what changed, and records every change and every refresh. Domain code: no GraphQL, no Prisma.
import crypto from 'node:crypto';
import { hashTokens, QuerentError, structureFingerprint, TOPICS, type DialectConnection, type EventBus, type Logger, type SchemaInfo, type TableInfo, type TableStructure } from '@querent/common';
import type { DatabaseNode, DetectedChange, RefreshScope, RefreshTrigger, SchemaNode, TableNode } from './catalog-nodes';
import type { CatalogCommit, CatalogRepository, RefreshRunRecord } from './catalog-repository';
import type { DialectConnector } from './dialect-connector';
import { diffSchemaList, diffStructure, diffTableList, renamedStructure, tableListFingerprint } from './schema-diff';

export interface MemoryTtls {
  /** Level 1: how long a schema list is trusted before it is listed again. */
  schemasMs: number;
  /** Levels 2 and 3: how long a schema's tables and structures are trusted before the schema is probed again. */
  tablesMs: number;
}

export interface SchemaMemoryPorts {
  repository: CatalogRepository;
  connector: DialectConnector;
  bus: EventBus;
  logger: Logger;
  ttls: MemoryTtls;
}

/** What a warm check did: how many round trips it took and whether anything had changed. */
export interface CheckResult {
  roundTrips: number;
  changed: boolean;
  run: RefreshRunRecord | null;
}

/** A working copy of the memory that a refresh fills in; swapped in only after the store committed it. */
interface Draft {
  db: DatabaseNode;
  changes: DetectedChange[];
  writeTables: Map<string, { schema: string; table: TableNode }>;
  removeTables: { schema: string; name: string }[];
  upsertSchemas: Set<string>;
  removeSchemas: string[];
  tablesRead: number;
}

function cloneDatabase(db: DatabaseNode): DatabaseNode {
  return {
    ...db,
    schemas: db.schemas ? new Map([...db.schemas].map(([k, s]) => [k, { ...s, tables: s.tables ? new Map(s.tables) : null }])) : null,
  };
}

function tableNodeFrom(info: TableInfo, now: Date, previous?: TableNode): TableNode {
  return {
    name: info.name,
    kind: info.kind,
    rowEstimate: info.rowEstimate,
    comment: info.comment,
    probeToken: previous?.probeToken ?? null,
    fingerprint: previous?.fingerprint ?? null,
    structure: previous?.structure ?? null,
    structureLoadedAt: previous?.structureLoadedAt ?? null,
    lastCheckedAt: now,
    lastChangedAt: previous?.lastChangedAt ?? now,
  };
}

export class SchemaMemory {
  private readonly memory = new Map<string, DatabaseNode | null>();
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly inflight = new Map<string, Promise<unknown>>();

  constructor(private readonly ports: SchemaMemoryPorts) {}

  // ---- reading, progressively ------------------------------------------------------------------------------

  /** Level 1: the database and its schema list, discovered on first use and re-listed when its TTL expired. */
  async schemas(connectionId: string): Promise<DatabaseNode & { schemas: Map<string, SchemaNode> }> {
    const db = await this.loaded(connectionId);
    if (db?.schemas && Date.now() - db.lastCheckedAt.getTime() < this.ports.ttls.schemasMs) return db as DatabaseNode & { schemas: Map<string, SchemaNode> };
    await this.coalesce(`schemas:${connectionId}`, () => this.refreshNow(connectionId, {}, db?.schemas ? 'ttl' : 'first-use', { listSchemasOnly: true }));
    return (await this.loaded(connectionId)) as DatabaseNode & { schemas: Map<string, SchemaNode> };
  }

  /** Level 2: one schema's tables and views. Reads only this schema. */
  async tables(connectionId: string, schemaName: string): Promise<SchemaNode & { tables: Map<string, TableNode> }> {
    const db = await this.schemas(connectionId);
    const schema = db.schemas.get(schemaName);
    if (!schema) throw new QuerentError('NOT_FOUND', `schema "${schemaName}" does not exist in database ${db.name}; it has ${[...db.schemas.keys()].join(', ') || 'no schemas'}`);
    if (!schema.tables) {
      await this.coalesce(`tables:${connectionId}:${schemaName}`, () => this.refreshNow(connectionId, { schema: schemaName }, 'first-use', { loadTables: true }));
    } else if (Date.now() - schema.lastCheckedAt.getTime() >= this.ports.ttls.tablesMs) {
      await this.coalesce(`check:${connectionId}:${schemaName}`, () => this.checkNow(connectionId, schemaName, 'ttl'));
    }
    const fresh = (await this.loaded(connectionId))?.schemas?.get(schemaName);
    if (!fresh?.tables) throw new QuerentError('NOT_FOUND', `schema "${schemaName}" is no longer in the database`);
    return fresh as SchemaNode & { tables: Map<string, TableNode> };
  }

  /**
   * Level 3: the structure of the named tables of one schema. Tables already known are answered from memory;
   * the others are read together in one bulk describe. Names that do not exist come back as null.
   */
  async structures(connectionId: string, schemaName: string, names: readonly string[]): Promise<(TableNode | null)[]> {
    let schema = await this.tables(connectionId, schemaName);
    const missing = [...new Set(names)].filter((n) => schema.tables.get(n) && !schema.tables.get(n)?.structure);
    if (missing.length > 0) {
      const waiting = missing.map((n) => this.inflight.get(`structure:${connectionId}:${schemaName}:${n}`)).filter(Boolean);
      const toRead = missing.filter((n) => !this.inflight.has(`structure:${connectionId}:${schemaName}:${n}`));
      if (toRead.length > 0) {
        const load = this.refreshNow(connectionId, { schema: schemaName }, 'first-use', { describe: toRead });
        for (const n of toRead) this.inflight.set(`structure:${connectionId}:${schemaName}:${n}`, load);
        try {
          await load;
        } finally {
          for (const n of toRead) this.inflight.delete(`structure:${connectionId}:${schemaName}:${n}`);
        }
      }
      await Promise.all(waiting);
      schema = (await this.loaded(connectionId))?.schemas?.get(schemaName) as SchemaNode & { tables: Map<string, TableNode> };
    }
    return names.map((n) => schema?.tables?.get(n) ?? null);
  }

  /** The memory as it stands, without touching the database (null when nothing was ever discovered). */
  async peek(connectionId: string): Promise<DatabaseNode | null> {
    return this.loaded(connectionId);
  }

  // ---- refreshing ------------------------------------------------------------------------------------------

  /**
   * Explicit refresh of a database, a schema or a table. Without `force` it probes and re-reads only what
   * changed; with `force` it re-reads the whole scope. Concurrent identical requests share one run.
   */
  async refresh(connectionId: string, scope: RefreshScope, trigger: RefreshTrigger = 'user'): Promise<RefreshRunRecord> {
    const key = `refresh:${connectionId}:${scope.schema ?? ''}:${scope.table ?? ''}:${scope.force ? 'force' : ''}:${trigger}`;
    return this.coalesce(key, () => this.refreshNow(connectionId, scope, trigger, {}));
  }

  /** A warm check of one schema: one round trip when nothing changed; a refresh (with its run) when something did. */
  async check(connectionId: string, schemaName: string, trigger: RefreshTrigger = 'probe'): Promise<CheckResult> {
    return this.coalesce(`check:${connectionId}:${schemaName}`, () => this.checkNow(connectionId, schemaName, trigger));
  }

  /** Checks every loaded schema of a database (what a background prober or a TTL sweep does). */
  async checkAll(connectionId: string, trigger: RefreshTrigger = 'probe'): Promise<CheckResult> {
    const db = await this.loaded(connectionId);
    let roundTrips = 0;
    let changed = false;
    let run: RefreshRunRecord | null = null;
    for (const schema of db?.schemas?.values() ?? []) {
      if (!schema.tables) continue;
      const result = await this.check(connectionId, schema.name, trigger);
      roundTrips += result.roundTrips;
      changed ||= result.changed;
      run = result.run ?? run;
    }
    return { roundTrips, changed, run };
  }

  /** Execution met an unknown table or column: re-read that node (or the database when it cannot say which). */
  reportError(connectionId: string, schema: string | null, table: string | null): Promise<RefreshRunRecord> {
    return this.refresh(connectionId, { schema, table: schema ? table : null, force: true }, 'error');
  }

  /** Forgets a database's memory (in process; the store's rows go with its connection). */
  evict(connectionId: string): void {
    this.memory.delete(connectionId);
  }

  // ---- internals -------------------------------------------------------------------------------------------

  private async loaded(connectionId: string): Promise<DatabaseNode | null> {
    if (!this.memory.has(connectionId)) {
      const stored = await this.coalesce(`load:${connectionId}`, () => this.ports.repository.load(connectionId));
      if (!this.memory.has(connectionId)) this.memory.set(connectionId, stored);
    }
    return this.memory.get(connectionId) ?? null;
  }

  private coalesce<T>(key: string, work: () => Promise<T>): Promise<T> {
    const existing = this.inflight.get(key) as Promise<T> | undefined;
    if (existing) return existing;
    const started = work().finally(() => this.inflight.delete(key));
    this.inflight.set(key, started);
    return started;
  }

  /** One engine conversation at a time per database: refreshes never interleave their reads and commits. */
  private serialize<T>(connectionId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(connectionId) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(work);
    this.queues.set(connectionId, next);
    next.finally(() => {
      if (this.queues.get(connectionId) === next) this.queues.delete(connectionId);
    }).catch(() => undefined);
    return next;
  }

  private async checkNow(connectionId: string, schemaName: string, trigger: RefreshTrigger): Promise<CheckResult> {
    return this.serialize(connectionId, async () => {
      const db = await this.loaded(connectionId);
      const schema = db?.schemas?.get(schemaName);
      if (!db || !schema?.tables) return { roundTrips: 0, changed: false, run: null };
      // The schema token first (one query); when it moved, the per-table tokens decide whether anything really
      // did, so a token that moves without a change (MariaDB after DDL, PostgreSQL's relhastriggers) costs one
      // more query and no refresh run.
      const { token, unchanged, roundTrips } = await this.ports.connector.use(connectionId, async (conn) => {
        const before = conn.stats.roundTrips;
        const token = await conn.schemaToken(schemaName);
        if (token === schema.probeToken) return { token, unchanged: true, roundTrips: conn.stats.roundTrips - before };
        const probe = await conn.probe(schemaName);
        const tables = schema.tables as Map<string, TableNode>;
        const same = probe.tableTokens.size === tables.size && [...probe.tableTokens].every(([name, t]) => tables.get(name)?.probeToken === t);
        return { token: probe.schemaToken, unchanged: same, roundTrips: conn.stats.roundTrips - before };
      });
      if (unchanged) {
        const now = new Date();
        if (token !== schema.probeToken) await this.ports.repository.recordSchemaCheck(connectionId, schemaName, token, now);
        schema.probeToken = token;
        schema.lastCheckedAt = now;
        for (const t of schema.tables.values()) t.lastCheckedAt = now;
        return { roundTrips, changed: false, run: null };
      }
      const run = await this.runRefresh(connectionId, { schema: schemaName }, trigger, {});
      return { roundTrips: roundTrips + run.roundTrips, changed: run.changeCount > 0, run };
    });
  }

  private refreshNow(connectionId: string, scope: RefreshScope, trigger: RefreshTrigger, mode: RefreshMode): Promise<RefreshRunRecord> {
    return this.serialize(connectionId, () => this.runRefresh(connectionId, scope, trigger, mode));
  }

  private async publishProgress(connectionId: string, runId: string, trigger: RefreshTrigger, phase: 'STARTED' | 'READING' | 'FINISHED' | 'FAILED', message: string, stats: { roundTrips: number; tablesRead: number; changeCount: number }): Promise<void> {
    await this.ports.bus
      .publish(TOPICS.REFRESH_PROGRESS, { databaseId: connectionId, refreshRunId: runId, trigger, phase, message, ...stats, at: new Date().toISOString() })
      .catch((error: Error) => this.ports.logger.warn('could not publish refresh progress', { error: error.message }));
  }

  private async runRefresh(connectionId: string, scope: RefreshScope, trigger: RefreshTrigger, mode: RefreshMode): Promise<RefreshRunRecord> {
    const runId = crypto.randomUUID();
    const startedAt = new Date();
    const scopeRecord: RefreshScope = { schema: scope.schema ?? null, table: scope.table ?? null, force: Boolean(scope.force) };
    await this.ports.repository.startRun({ id: runId, connectionId, trigger, scope: scopeRecord, startedAt });
    await this.publishProgress(connectionId, runId, trigger, 'STARTED', describeScope(scopeRecord), { roundTrips: 0, tablesRead: 0, changeCount: 0 });
    let roundTrips = 0;
    let draft: Draft | null = null;
    try {
      const current = await this.loaded(connectionId);
      await this.ports.connector.use(connectionId, async (conn) => {
        const before = conn.stats.roundTrips;
        try {
          draft = await this.read(conn, connectionId, current, scopeRecord, mode, runId, trigger);
        } finally {
          roundTrips = conn.stats.roundTrips - before;
        }
      });
      const done = draft as unknown as Draft;
      const finishedAt = new Date();
      const stats = { roundTrips, tablesRead: done.tablesRead, changeCount: done.changes.length, durationMs: finishedAt.getTime() - startedAt.getTime(), finishedAt };
      await this.ports.repository.commit(toCommit(runId, done, stats, finishedAt));
      // Only now, with the store committed, does the process memory move on.
      this.memory.set(connectionId, done.db);
      for (const change of done.changes) {
        await this.ports.bus
          .publish(TOPICS.CATALOG_CHANGE, { databaseId: connectionId, refreshRunId: runId, trigger, ...change, detectedAt: finishedAt.toISOString() })
          .catch((error: Error) => this.ports.logger.warn('could not publish a catalog change', { error: error.message }));
      }
      await this.publishProgress(connectionId, runId, trigger, 'FINISHED', `${describeScope(scopeRecord)}: read ${done.tablesRead} table(s), ${done.changes.length} change(s), ${roundTrips} round trip(s)`, stats);
      this.ports.logger.debug('refresh finished', { databaseId: connectionId, trigger, ...stats });
      return (await this.ports.repository.getRun(runId)) as RefreshRunRecord;
    } catch (error) {
      const finishedAt = new Date();
      const message = error instanceof Error ? error.message : String(error);
      const stats = { roundTrips, tablesRead: 0, changeCount: 0, durationMs: finishedAt.getTime() - startedAt.getTime(), finishedAt };
      await this.ports.repository.failRun(runId, message, stats).catch((e: Error) => this.ports.logger.error('could not record a failed refresh', { error: e.message }));
      await this.publishProgress(connectionId, runId, trigger, 'FAILED', message, stats);
      throw error;
    }
  }

  /** Reads what the scope and mode require and computes the new memory and its changes, without committing. */
  private async read(conn: DialectConnection, connectionId: string, current: DatabaseNode | null, scope: RefreshScope, mode: RefreshMode, runId: string, trigger: RefreshTrigger): Promise<Draft> {
    const now = new Date();
    const draft: Draft = {
      db: current ? cloneDatabase(current) : { connectionId, name: '', fingerprint: null, schemas: null, schemasLoadedAt: null, lastCheckedAt: now, lastChangedAt: now },
      changes: [],
      writeTables: new Map(),
      removeTables: [],
      upsertSchemas: new Set(),
      removeSchemas: [],
      tablesRead: 0,
    };
    const db = draft.db;
    if (!db.name) db.name = await conn.currentDatabase();

    // Level 1: the schema list, on first use, when it is the scope, or when the scope's schema is unknown.
    const wholeDatabase = !scope.schema;
    if (!db.schemas || (wholeDatabase && !mode.describe && !mode.loadTables) || (scope.schema && !db.schemas.has(scope.schema))) {
      const listed = await conn.listSchemas();
      this.applySchemaList(draft, listed, now);
    }
    if (mode.listSchemasOnly) return draft;

    const schemaNames = scope.schema ? [scope.schema] : [...(db.schemas?.values() ?? [])].filter((s) => s.tables).map((s) => s.name);
    for (const name of schemaNames) {
      const schema = db.schemas?.get(name);
      if (!schema) {
        if (scope.schema) throw new QuerentError('NOT_FOUND', `schema "${name}" does not exist in database ${db.name}`);
        continue;
      }
      await this.publishProgress(connectionId, runId, trigger, 'READING', `schema ${name}`, { roundTrips: conn.stats.roundTrips, tablesRead: draft.tablesRead, changeCount: draft.changes.length });
      if (mode.describe) {
        await this.describeInto(conn, draft, schema, mode.describe, now);
      } else {
        await this.refreshSchema(conn, draft, schema, { force: Boolean(scope.force), onlyTable: scope.table ?? null, loadTables: Boolean(mode.loadTables) }, now);
      }
    }
    return draft;
  }

  private applySchemaList(draft: Draft, listed: SchemaInfo[], now: Date): void {
    const db = draft.db;
    const fingerprint = hashTokens(listed.map((s) => s.name).sort());
    if (db.schemas) {
      draft.changes.push(...diffSchemaList([...db.schemas.keys()], listed));
    }
    const schemas = new Map<string, SchemaNode>();
    for (const info of listed) {
      const previous = db.schemas?.get(info.name);
      schemas.set(info.name, previous ? { ...previous, isDefault: info.isDefault } : { name: info.name, isDefault: info.isDefault, probeToken: null, fingerprint: null, tables: null, tablesLoadedAt: null, lastCheckedAt: now, lastChangedAt: now });
      if (!previous || previous.isDefault !== info.isDefault) draft.upsertSchemas.add(info.name);
    }
    draft.removeSchemas = [...(db.schemas?.keys() ?? [])].filter((n) => !schemas.has(n));
    if (db.fingerprint !== fingerprint) db.lastChangedAt = db.schemas ? now : db.lastChangedAt;
    db.fingerprint = fingerprint;
    db.schemas = schemas;
    db.schemasLoadedAt ??= now;
    db.lastCheckedAt = now;
  }

  private async describeInto(conn: DialectConnection, draft: Draft, schema: SchemaNode, names: readonly string[], now: Date): Promise<void> {
    if (!schema.tables) return;
    const wanted = names.filter((n) => schema.tables?.has(n));
    if (wanted.length === 0) return;
    const structures = await conn.describeTables(schema.name, wanted);
    draft.tablesRead += structures.length;
    for (const structure of structures) {
      const previous = schema.tables.get(structure.name);
      if (!previous) continue;
      const node = this.withStructure(previous, structure, now);
      schema.tables.set(structure.name, node);
      draft.writeTables.set(`${schema.name}.${structure.name}`, { schema: schema.name, table: node });
    }
  }

  private withStructure(previous: TableNode, structure: TableStructure, now: Date): TableNode {
    const fingerprint = structureFingerprint(structure);
    return {
      ...previous,
      kind: structure.kind,
      comment: structure.comment,
      structure,
      fingerprint,
      structureLoadedAt: now,
      lastCheckedAt: now,
      lastChangedAt: previous.fingerprint !== null && previous.fingerprint !== fingerprint ? now : previous.lastChangedAt,
    };
  }

  /**
   * Levels 2 and 3 of one schema: list its tables (first time, or when the probe says the schema changed),
   * then re-read the structure of exactly the known tables whose probe token moved (or all of them with force).
   */
  private async refreshSchema(conn: DialectConnection, draft: Draft, schema: SchemaNode, options: { force: boolean; onlyTable: string | null; loadTables: boolean }, now: Date): Promise<void> {
    const probe = await conn.probe(schema.name);
    const firstLoad = !schema.tables;
    if (!firstLoad && !options.force && probe.schemaToken === schema.probeToken) {
      schema.lastCheckedAt = now;
      for (const t of schema.tables?.values() ?? []) t.lastCheckedAt = now;
      draft.upsertSchemas.add(schema.name);
      return;
    }
    const listed = await conn.listTables(schema.name);
    const before = schema.tables ?? new Map<string, TableNode>();
    const listedNames = new Set(listed.map((t) => t.name));

    // Tables whose structure we know and whose token moved (or everything known, when forced).
    const changedKnown = [...before.values()].filter(
      (t) => t.structure && listedNames.has(t.name) && (options.force || probe.tableTokens.get(t.name) !== t.probeToken) && (!options.onlyTable || t.name === options.onlyTable),
    );
    const removedKnown = [...before.values()].filter((t) => !listedNames.has(t.name) && t.structure);
    const added = firstLoad ? [] : listed.filter((t) => !before.has(t.name));
    // A removed table we knew may have been renamed: read the added tables too, to compare shapes.
    const addedToRead = removedKnown.length > 0 ? added.map((t) => t.name) : [];
    const explicitlyAsked = options.onlyTable && !before.get(options.onlyTable)?.structure && listedNames.has(options.onlyTable) && options.force ? [options.onlyTable] : [];
    const toDescribe = [...new Set([...changedKnown.map((t) => t.name), ...addedToRead, ...explicitlyAsked])];
    const structures = toDescribe.length > 0 ? await conn.describeTables(schema.name, toDescribe) : [];
    draft.tablesRead += structures.length;
    const read = new Map(structures.map((s) => [s.name, s]));

    if (!firstLoad) {
      const tableDiff = diffTableList(schema.name, before, listed, new Map([...read].filter(([n]) => added.some((a) => a.name === n))));
      draft.changes.push(...tableDiff.changes);
      for (const [newName, oldName] of tableDiff.renamed) {
        const old = before.get(oldName);
        const fresh = read.get(newName);
        if (old?.structure && fresh) draft.changes.push(...diffStructure(renamedStructure(old.structure, fresh), fresh));
      }
    }

    const tables = new Map<string, TableNode>();
    for (const info of listed) {
      const previous = before.get(info.name);
      let node = tableNodeFrom(info, now, previous);
      node.probeToken = probe.tableTokens.get(info.name) ?? null;
      const structure = read.get(info.name);
      if (structure) {
        if (previous?.structure) draft.changes.push(...diffStructure(previous.structure, structure));
        node = this.withStructure(node, structure, now);
      } else if (previous?.structure && options.onlyTable && options.onlyTable !== info.name && probe.tableTokens.get(info.name) !== previous.probeToken) {
        // Out of this table-scoped refresh: keep the old token so the next check still re-reads it.
        node.probeToken = previous.probeToken;
      }
      const changedRow =
        !previous ||
        structure !== undefined ||
        previous.kind !== node.kind ||
        previous.comment !== node.comment ||
        previous.rowEstimate !== node.rowEstimate ||
        previous.probeToken !== node.probeToken;
      if (changedRow) draft.writeTables.set(`${schema.name}.${info.name}`, { schema: schema.name, table: node });
      tables.set(info.name, node);
    }
    for (const name of before.keys()) if (!listedNames.has(name)) draft.removeTables.push({ schema: schema.name, name });

    const fingerprint = tableListFingerprint(listed);
    const changedHere = draft.changes.some((c) => c.schema === schema.name);
    schema.tables = tables;
    schema.tablesLoadedAt ??= now;
    schema.lastChangedAt = !firstLoad && (changedHere || schema.fingerprint !== fingerprint) ? now : schema.lastChangedAt;
    schema.fingerprint = fingerprint;
    schema.probeToken = options.onlyTable ? schema.probeToken ?? probe.schemaToken : probe.schemaToken;
    schema.lastCheckedAt = now;
    draft.upsertSchemas.add(schema.name);
    if (changedHere) draft.db.lastChangedAt = now;
  }
}

interface RefreshMode {
  listSchemasOnly?: boolean;
  loadTables?: boolean;
  describe?: readonly string[];
}

function describeScope(scope: RefreshScope): string {
  const where = scope.table ? `table ${scope.schema}.${scope.table}` : scope.schema ? `schema ${scope.schema}` : 'database';
  return `${scope.force ? 'forced refresh' : 'refresh'} of ${where}`;
}

function toCommit(runId: string, draft: Draft, stats: CatalogCommit['stats'], detectedAt: Date): CatalogCommit {
  const { schemas, ...database } = draft.db;
  return {
    runId,
    stats,
    database,
    upsertSchemas: [...draft.upsertSchemas].map((n) => schemas?.get(n)).filter((s): s is SchemaNode => Boolean(s)).map(({ tables: _tables, ...s }) => s),
    removeSchemas: draft.removeSchemas,
    writeTables: [...draft.writeTables.values()],
    removeTables: draft.removeTables,
    changes: draft.changes,
    detectedAt,
  };
}
