// Gathers what the DataPoint generator needs about one database: structures from the schema memory (default schema,
// plus any schema a qualified table name asks for), stored profiles, and relationships (declared and inferred).
import { QuerentError, type Dialect, type Relationship, type TableStructure } from '@querent/common';
import type { SchemaMemory } from '../memory/schema-memory';
import type { StoredColumnProfile, StoredTableProfile } from '../profiling/profile-repository';
import type { ColumnProfileFacts, DatabaseFacts, TableFacts, TableProfileFacts } from './database-facts';
import { buildDatabaseModel } from './database-model';
import { tableSelector } from './datapoint-generator';
import type { LatestValueReader } from './latest-value-reader';
import { freshnessProbes } from './process-datapoints';

interface TableRef {
  schema: string;
  table: string;
}

/** What the generator reads of a stored table profile: the profiling repository's own shape, the fields it uses. */
export type StoredTableProfileLike = Pick<StoredTableProfile, 'schema' | 'table' | 'rowCount' | 'rowCountExact' | 'profiledAt'>;

/** What the generator reads of a stored column profile (patterns come in the profiler's case: EMAIL). */
export type StoredColumnProfileLike = Pick<
  StoredColumnProfile,
  'schema' | 'table' | 'column' | 'nullFraction' | 'distinctCount' | 'distinctExact' | 'min' | 'max' | 'mean' | 'topValues' | 'samples' | 'patterns'
>;

export interface ProfileSource {
  tableProfiles(connectionId: string, tables: readonly TableRef[]): Promise<StoredTableProfileLike[]>;
  columnProfiles(connectionId: string, tables: readonly TableRef[]): Promise<StoredColumnProfileLike[]>;
}

export interface DatabaseFactsPorts {
  memory: Pick<SchemaMemory, 'schemas' | 'tables' | 'structures'>;
  dialectOf(connectionId: string): Promise<Dialect>;
  /** Null until profiling is available: the generator then works from structure and names alone. */
  profiles: ProfileSource | null;
  /** Declared and inferred relationships of the schemas named; null when only declared keys are known. */
  relationships: ((connectionId: string, schemas: readonly string[]) => Promise<Relationship[]>) | null;
  /** Reads each dated table's newest value; null when only profiles tell freshness. */
  latestValues: Pick<LatestValueReader, 'read'> | null;
}

const key = (schema: string, table: string) => `${schema}\u0000${table}`;

export class DatabaseFactsReader {
  constructor(private readonly ports: DatabaseFactsPorts) {}

  /** Which schemas generation covers: the default one, and those that qualified table names name. */
  async schemasFor(connectionId: string, tables: readonly string[] | null | undefined): Promise<{ schemas: string[]; defaultSchema: string }> {
    const db = await this.ports.memory.schemas(connectionId);
    const defaultSchema = [...db.schemas.values()].find((s) => s.isDefault)?.name ?? [...db.schemas.keys()].sort()[0];
    if (!defaultSchema) throw new QuerentError('NOT_FOUND', `database ${db.name} has no schema to describe`);
    const named = (tables ?? []).filter((t) => t.includes('.')).map((t) => t.slice(0, t.lastIndexOf('.')));
    for (const schema of named) {
      if (!db.schemas.has(schema)) throw new QuerentError('NOT_FOUND', `schema "${schema}" does not exist in database ${db.name}; it has ${[...db.schemas.keys()].join(', ')}`);
    }
    return { schemas: [...new Set([defaultSchema, ...named])].sort(), defaultSchema };
  }

  async gather(connectionId: string, tables?: readonly string[] | null): Promise<DatabaseFacts> {
    const db = await this.ports.memory.schemas(connectionId);
    const { schemas, defaultSchema } = await this.schemasFor(connectionId, tables);
    const structures: { structure: TableStructure; rowEstimate: number | null }[] = [];
    for (const schema of schemas) {
      const listed = await this.ports.memory.tables(connectionId, schema);
      const names = [...listed.tables.keys()].sort();
      const nodes = await this.ports.memory.structures(connectionId, schema, names);
      for (const node of nodes) if (node?.structure) structures.push({ structure: node.structure, rowEstimate: node.rowEstimate });
    }
    if (tables && tables.length > 0) {
      const known = new Set(structures.flatMap((s) => [s.structure.name, `${s.structure.schema}.${s.structure.name}`]));
      const unknown = tables.filter((t) => !known.has(t.trim()));
      if (unknown.length > 0) throw new QuerentError('NOT_FOUND', `no table named ${unknown.map((t) => `"${t}"`).join(', ')} in schema(s) ${schemas.join(', ')}`, { tables: unknown });
    }
    const refs = structures.map((s) => ({ schema: s.structure.schema, table: s.structure.name }));
    const profiles = await this.profiles(connectionId, refs);
    const dialect = await this.ports.dialectOf(connectionId);
    const relationships = this.ports.relationships ? await this.ports.relationships(connectionId, schemas) : [];
    const tableFacts: TableFacts[] = structures.map(({ structure, rowEstimate }) => ({
      structure,
      inDefaultSchema: structure.schema === defaultSchema,
      rowEstimate,
      profile: profiles.get(key(structure.schema, structure.name)) ?? null,
      latest: null,
    }));
    const facts: DatabaseFacts = {
      databaseName: db.name,
      tables: tableFacts,
      relationships,
      quoteIdentifier: (name) => dialect.quoteIdentifier(name),
      valueKind: (dataType) => dialect.sampling.valueKind(dataType),
    };
    if (this.ports.latestValues) {
      const selected = tableSelector(tables);
      const probes = freshnessProbes(buildDatabaseModel(facts)).filter((p) => selected(p.schema, p.table));
      const readAt = new Date();
      const latest = await this.ports.latestValues.read(connectionId, probes);
      for (const table of tableFacts) {
        const values = latest.get(`${table.structure.schema}.${table.structure.name}`);
        if (values) table.latest = { values, readAt };
      }
    }
    return facts;
  }

  private async profiles(connectionId: string, refs: TableRef[]): Promise<Map<string, TableProfileFacts>> {
    const found = new Map<string, TableProfileFacts>();
    if (!this.ports.profiles || refs.length === 0) return found;
    const [tables, columns] = await Promise.all([this.ports.profiles.tableProfiles(connectionId, refs), this.ports.profiles.columnProfiles(connectionId, refs)]);
    for (const t of tables) found.set(key(t.schema, t.table), { rowCount: Number(t.rowCount), rowCountExact: t.rowCountExact, profiledAt: t.profiledAt, columns: new Map() });
    for (const c of columns) {
      const table = found.get(key(c.schema, c.table));
      if (!table) continue;
      const facts: ColumnProfileFacts = {
        nullFraction: c.nullFraction,
        distinctCount: Number(c.distinctCount),
        distinctExact: c.distinctExact,
        min: c.min,
        max: c.max,
        mean: c.mean,
        topValues: (c.topValues ?? []).map((v) => ({ value: String(v.value), count: Number(v.count) })),
        samples: (c.samples ?? []).map(String),
        patterns: (c.patterns ?? []).map((p) => String(p).toLowerCase()),
      };
      table.columns.set(c.column, facts);
    }
    return found;
  }
}
