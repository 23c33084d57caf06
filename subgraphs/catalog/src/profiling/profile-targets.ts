// Turns the tables a profiling request names ("schema.table", "table" in the default schema, "schema.*", or nothing for
// the default schema's tables) into tables with their structure, through the schema memory (read lazily as usual).
import { QuerentError } from '@querent/common';
import type { SchemaMemory } from '../memory/schema-memory';
import type { ProfileTarget } from './table-profiler';
import type { TableRef } from './profile-repository';

export interface ProfileTargetSource {
  /** Validates the names (NOT_FOUND naming what exists) and returns the tables, in request order, without duplicates. */
  resolve(connectionId: string, names: readonly string[] | null): Promise<TableRef[]>;
  /** The structure and fingerprint of tables of one schema; tables that vanished meanwhile are left out. */
  describe(connectionId: string, schema: string, tables: readonly string[]): Promise<ProfileTarget[]>;
}

export class SchemaMemoryTargets implements ProfileTargetSource {
  constructor(private readonly memory: SchemaMemory) {}

  async resolve(connectionId: string, names: readonly string[] | null): Promise<TableRef[]> {
    const db = await this.memory.schemas(connectionId);
    const defaultSchema = [...db.schemas.values()].find((s) => s.isDefault)?.name ?? [...db.schemas.keys()][0];
    if (!defaultSchema) throw new QuerentError('NOT_FOUND', `database ${db.name} has no schema to profile`);
    const tablesOf = async (schema: string) => [...(await this.memory.tables(connectionId, schema)).tables.values()].filter((t) => t.kind === 'TABLE').map((t) => t.name).sort();

    const wanted = names && names.length > 0 ? names : [`${defaultSchema}.*`];
    const out: TableRef[] = [];
    const seen = new Set<string>();
    const add = (schema: string, table: string) => {
      const key = `${schema}\u0000${table}`;
      if (!seen.has(key)) out.push({ schema, table });
      seen.add(key);
    };
    for (const raw of wanted) {
      const name = raw.trim();
      if (!name) throw new QuerentError('BAD_INPUT', 'a table name is empty');
      const dot = name.indexOf('.');
      // "a.b" is schema a, table b when schema a exists; otherwise the whole name is a table of the default schema.
      const qualified = dot > 0 && db.schemas.has(name.slice(0, dot));
      const schema = qualified ? name.slice(0, dot) : defaultSchema;
      const table = qualified ? name.slice(dot + 1) : name;
      const tables = await tablesOf(schema);
      if (table === '*') {
        for (const t of tables) add(schema, t);
        continue;
      }
      if (!tables.includes(table)) {
        const all = (await this.memory.tables(connectionId, schema)).tables.get(table);
        if (all) throw new QuerentError('BAD_INPUT', `${schema}.${table} is a view; profiling reads tables only`);
        throw new QuerentError('NOT_FOUND', `table "${table}" does not exist in schema ${schema}; it has ${tables.slice(0, 30).join(', ') || 'no tables'}${tables.length > 30 ? ', …' : ''}`);
      }
      add(schema, table);
    }
    return out;
  }

  async describe(connectionId: string, schema: string, tables: readonly string[]): Promise<ProfileTarget[]> {
    const nodes = await this.memory.structures(connectionId, schema, tables);
    return nodes
      .filter((n): n is NonNullable<typeof n> => Boolean(n?.structure && n.fingerprint))
      .map((n) => ({ schema, name: n.name, structure: n.structure as NonNullable<typeof n.structure>, fingerprint: n.fingerprint as string }));
  }
}
