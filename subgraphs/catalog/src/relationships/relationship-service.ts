// The relationships of a database: inferred on first ask from the schema memory's structures (and value overlap through
// the read-only executor), stored, and recomputed only when the structures they came from changed (a fingerprint).
// Also answers join-path questions over them. Domain code: no GraphQL, no Prisma.
import crypto from 'node:crypto';
import { QuerentError, RelationshipGraph, type JoinPath, type Logger, type TableRef, type TableStructure } from '@querent/common';
import type { SchemaMemory } from '../memory/schema-memory';
import type { InferredRelationship } from './inferred-relationship';
import { RelationshipInference, type InferenceBudget } from './relationship-inference';
import type { RelationshipRepository, StoredRelationshipSet } from './relationship-repository';
import type { OverlapMeter } from './value-overlap';

/** Bump when inference changes what it would produce, so stored sets are recomputed once. */
export const INFERENCE_VERSION = 1;

/** An open meter for one database, closed after one inference. */
export interface OpenedOverlapMeter {
  meter: OverlapMeter;
  close(): Promise<void>;
}

export interface RelationshipServicePorts {
  memory: Pick<SchemaMemory, 'schemas' | 'tables' | 'structures'>;
  repository: RelationshipRepository;
  /** Opens a meter over the database's read-only executor; null when the engine has none (names alone then decide). */
  openOverlapMeter: ((connectionId: string) => Promise<OpenedOverlapMeter | null>) | null;
  budget: InferenceBudget;
  logger: Logger;
}

export interface RelationshipQuery {
  /** Schemas to cover besides the default one (and every schema covered before for this database). */
  schemas?: readonly string[] | null;
  /** Infer again even when nothing changed (value overlap is measured again too). */
  refresh?: boolean;
}

export class RelationshipService {
  private readonly cache = new Map<string, StoredRelationshipSet | null>();
  private readonly running = new Map<string, Promise<StoredRelationshipSet>>();
  private readonly retriedOverlap = new Set<string>();

  constructor(private readonly ports: RelationshipServicePorts) {}

  /** The database's relationship set, inferred again only when the structures it came from changed. */
  async relationshipSet(connectionId: string, query: RelationshipQuery = {}): Promise<StoredRelationshipSet> {
    const stored = await this.stored(connectionId);
    const scope = await this.scope(connectionId, query.schemas ?? [], stored);
    const structures = await this.structures(connectionId, scope);
    const fingerprint = this.fingerprintOf(scope, structures);
    // A set inferred while the engine had no executor is inferred again once per process, in case it has one now.
    const retryOverlap = stored?.stats.overlapAvailable === false && this.ports.openOverlapMeter !== null && !this.retriedOverlap.has(connectionId);
    if (!query.refresh && stored && stored.fingerprint === fingerprint && !retryOverlap) return stored;
    if (retryOverlap) this.retriedOverlap.add(connectionId);
    const key = `${connectionId}\u0000${fingerprint}\u0000${query.refresh ? 'refresh' : ''}`;
    const existing = this.running.get(key);
    if (existing) return existing;
    const work = this.infer(connectionId, scope, structures, fingerprint).finally(() => this.running.delete(key));
    this.running.set(key, work);
    return work;
  }

  async relationships(connectionId: string, query: RelationshipQuery = {}): Promise<InferredRelationship[]> {
    return (await this.relationshipSet(connectionId, query)).relationships;
  }

  /** Relationships a table takes part in: as child, as parent, or as a side or the link of a many-to-many pair. */
  async forTable(connectionId: string, schema: string, table: string): Promise<InferredRelationship[]> {
    return relationshipsOfTable(await this.relationships(connectionId, { schemas: [schema] }), schema, table);
  }

  async graph(connectionId: string, query: RelationshipQuery = {}): Promise<RelationshipGraph> {
    return new RelationshipGraph(await this.relationships(connectionId, query));
  }

  /**
   * The cheapest join tree connecting the named tables (`table` or `schema.table`), in join order, or null when
   * no chain of relationships connects them. A name that is no table of the covered schemas is a NOT_FOUND error.
   */
  async joinPath(connectionId: string, names: readonly string[], options: { schemas?: readonly string[] | null; maxHops?: number } = {}): Promise<JoinPath | null> {
    if (names.length === 0) throw new QuerentError('BAD_INPUT', 'name at least one table', { field: 'tables' });
    const db = await this.ports.memory.schemas(connectionId);
    const qualifiedSchemas = names.filter((n) => n.includes('.')).map((n) => n.slice(0, n.lastIndexOf('.'))).filter((s) => db.schemas.has(s));
    const set = await this.relationshipSet(connectionId, { schemas: [...(options.schemas ?? []), ...qualifiedSchemas] });
    const known = await this.structures(connectionId, set.schemas);
    const refs = names.map((name) => resolveTable(name, known, qualifiedSchemas));
    return new RelationshipGraph(set.relationships).joinPath(refs, { maxHops: options.maxHops });
  }

  /** Forgets a database's relationships (when it is removed). */
  async forget(connectionId: string): Promise<void> {
    this.cache.delete(connectionId);
    await this.ports.repository.forget(connectionId);
  }

  private async stored(connectionId: string): Promise<StoredRelationshipSet | null> {
    if (!this.cache.has(connectionId)) this.cache.set(connectionId, await this.ports.repository.load(connectionId));
    return this.cache.get(connectionId) ?? null;
  }

  /** The default schema, the schemas asked for, and the ones covered before that still exist; sorted. */
  private async scope(connectionId: string, asked: readonly string[], stored: StoredRelationshipSet | null): Promise<string[]> {
    const db = await this.ports.memory.schemas(connectionId);
    for (const name of asked) {
      if (!db.schemas.has(name)) throw new QuerentError('NOT_FOUND', `schema "${name}" does not exist in database ${db.name}; it has ${[...db.schemas.keys()].join(', ') || 'no schemas'}`);
    }
    const fallback = [...db.schemas.values()].find((s) => s.isDefault)?.name ?? [...db.schemas.keys()].sort()[0];
    const scope = new Set<string>([...(fallback ? [fallback] : []), ...asked, ...(stored?.schemas ?? []).filter((s) => db.schemas.has(s))]);
    return [...scope].sort();
  }

  /** Every table and view of the scope with its structure (read in one bulk describe per schema when not yet known). */
  private async structures(connectionId: string, scope: readonly string[]): Promise<{ structure: TableStructure; fingerprint: string }[]> {
    const out: { structure: TableStructure; fingerprint: string }[] = [];
    for (const schema of scope) {
      const names = [...(await this.ports.memory.tables(connectionId, schema)).tables.keys()].sort();
      const nodes = await this.ports.memory.structures(connectionId, schema, names);
      for (const node of nodes) if (node?.structure) out.push({ structure: node.structure, fingerprint: node.fingerprint ?? '' });
    }
    return out;
  }

  private fingerprintOf(scope: readonly string[], structures: { structure: TableStructure; fingerprint: string }[]): string {
    const parts = structures.map((s) => `${s.structure.schema}\u0000${s.structure.name}\u0000${s.fingerprint}`).sort();
    const overlap = this.ports.openOverlapMeter ? 'overlap' : 'names';
    return crypto.createHash('sha256').update(JSON.stringify([INFERENCE_VERSION, overlap, this.ports.budget, scope, parts])).digest('hex').slice(0, 32);
  }

  private async infer(connectionId: string, scope: string[], structures: { structure: TableStructure }[], fingerprint: string): Promise<StoredRelationshipSet> {
    const opened = await this.openMeter(connectionId);
    try {
      const inference = new RelationshipInference(this.ports.budget);
      const result = await inference.infer(structures.map((s) => s.structure), opened?.meter ?? null);
      const set: StoredRelationshipSet = { connectionId, fingerprint, schemas: scope, stats: result.stats, computedAt: new Date(), relationships: result.relationships };
      await this.ports.repository.replace(set);
      this.cache.set(connectionId, set);
      this.ports.logger.debug('relationships inferred', { databaseId: connectionId, schemas: scope, ...result.stats });
      return set;
    } finally {
      await opened?.close().catch(() => undefined);
    }
  }

  private async openMeter(connectionId: string): Promise<OpenedOverlapMeter | null> {
    if (!this.ports.openOverlapMeter) return null;
    try {
      return await this.ports.openOverlapMeter(connectionId);
    } catch (error) {
      // Names still decide; the relationships say overlap was skipped.
      this.ports.logger.warn('value overlap unavailable; inferring relationships from names only', { databaseId: connectionId, error: (error as Error).message });
      return null;
    }
  }
}

/** The relationships a table takes part in: as child, as parent, or as a side or the link of a many-to-many pair. */
export function relationshipsOfTable<T extends InferredRelationship>(all: readonly T[], schema: string, table: string): T[] {
  return all.filter(
    (r) => (r.fromSchema === schema && r.fromTable === table) || (r.toSchema === schema && r.toTable === table) || (r.via?.schema === schema && r.via.table === table),
  );
}

/** `table` or `schema.table` (the longest schema prefix that exists wins), exactly first, then ignoring case. */
function resolveTable(name: string, known: { structure: TableStructure }[], qualifiedSchemas: string[]): TableRef {
  const tables = known.map((k) => k.structure);
  const pick = (candidates: TableStructure[], table: string) =>
    candidates.find((t) => t.name === table) ?? (candidates.filter((t) => t.name.toLowerCase() === table.toLowerCase()).length === 1 ? candidates.find((t) => t.name.toLowerCase() === table.toLowerCase()) : undefined);
  let found = pick(tables, name);
  if (!found && name.includes('.')) {
    const dot = name.lastIndexOf('.');
    const schema = name.slice(0, dot);
    found = pick(tables.filter((t) => t.schema === schema || t.schema.toLowerCase() === schema.toLowerCase()), name.slice(dot + 1));
  }
  if (!found) {
    const where = [...new Set([...tables.map((t) => t.schema), ...qualifiedSchemas])].join(', ');
    throw new QuerentError('NOT_FOUND', `no table or view named "${name}" in schema(s) ${where}`, { table: name });
  }
  return { schema: found.schema, table: found.name };
}
