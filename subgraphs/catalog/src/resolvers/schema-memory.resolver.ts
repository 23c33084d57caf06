// The lazy path into the schema memory: Database.schemas → Schema.tables → Table.columns …, each level read on first ask.
import { Arg, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { QuerentError } from '@querent/common';
import type { SchemaMemory } from '../memory/schema-memory';
import type { TableNode } from '../memory/catalog-nodes';
import { Database } from './database.type';
import { Column, ForeignKey, Index, Schema, Table, UniqueConstraint } from './catalog.types';
import { toSchema, toTable } from './catalog.mapper';
import { structureLoader, type CatalogContext } from './catalog-context';

@Resolver(() => Database)
export class DatabaseMemoryResolver {
  constructor(private readonly memory: SchemaMemory) {}

  @FieldResolver(() => [Schema], { description: 'Level 1: the schemas, discovered on first ask.' })
  async schemas(@Root() db: Database): Promise<Schema[]> {
    const node = await this.memory.schemas(db.id);
    return [...node.schemas.values()].map((s) => toSchema(db.id, s));
  }

  @FieldResolver(() => Schema, { nullable: true, description: 'One schema by name; null when there is none.' })
  async schema(@Root() db: Database, @Arg('name', () => String) name: string): Promise<Schema | null> {
    const node = await this.memory.schemas(db.id);
    const schema = node.schemas.get(name);
    return schema ? toSchema(db.id, schema) : null;
  }

  @FieldResolver(() => Table, { nullable: true, description: "One table or view by name, in `schema` or the database's default schema. Reads only that schema's table list." })
  async table(@Root() db: Database, @Arg('name', () => String) name: string, @Arg('schema', () => String, { nullable: true }) schema?: string | null): Promise<Table | null> {
    const dbNode = await this.memory.schemas(db.id);
    const schemaName = schema ?? [...dbNode.schemas.values()].find((s) => s.isDefault)?.name ?? [...dbNode.schemas.keys()][0];
    if (!schemaName) return null;
    if (!dbNode.schemas.has(schemaName)) return null;
    const node = (await this.memory.tables(db.id, schemaName)).tables.get(name);
    return node ? toTable(db.id, schemaName, node) : null;
  }

  @FieldResolver(() => Date, { nullable: true, description: 'When the schema memory last checked this database; null before its first discovery.' })
  async lastCheckedAt(@Root() db: Database): Promise<Date | null> {
    return (await this.memory.peek(db.id))?.lastCheckedAt ?? null;
  }

  @FieldResolver(() => Date, { nullable: true, description: 'When the schema memory last saw this database change.' })
  async lastChangedAt(@Root() db: Database): Promise<Date | null> {
    return (await this.memory.peek(db.id))?.lastChangedAt ?? null;
  }
}

@Resolver(() => Schema)
export class SchemaMemoryResolver {
  constructor(private readonly memory: SchemaMemory) {}

  @FieldResolver(() => [Table], { description: 'Level 2: tables and views, with row estimates and comments. Optionally only the named ones.' })
  async tables(@Root() schema: Schema, @Arg('names', () => [String], { nullable: true }) names?: string[] | null): Promise<Table[]> {
    const node = await this.memory.tables(schema.databaseId, schema.name);
    const all = [...node.tables.values()].sort((a, b) => a.name.localeCompare(b.name));
    const wanted = names ? all.filter((t) => names.includes(t.name)) : all;
    return wanted.map((t) => toTable(schema.databaseId, schema.name, t));
  }

  @FieldResolver(() => Table, { nullable: true })
  async table(@Root() schema: Schema, @Arg('name', () => String) name: string): Promise<Table | null> {
    const node = (await this.memory.tables(schema.databaseId, schema.name)).tables.get(name);
    return node ? toTable(schema.databaseId, schema.name, node) : null;
  }
}

@Resolver(() => Table)
export class TableMemoryResolver {
  constructor(private readonly memory: SchemaMemory) {}

  private async structure(table: Table, context: CatalogContext): Promise<NonNullable<TableNode['structure']>> {
    const node = await structureLoader(context, this.memory).load({ databaseId: table.databaseId, schema: table.schema, name: table.name });
    if (!node?.structure) throw new QuerentError('NOT_FOUND', `table ${table.schema}.${table.name} no longer exists`);
    return node.structure;
  }

  @FieldResolver(() => [Column], { description: 'Level 3, read on first ask together with every other table asked for in the same request.' })
  async columns(@Root() table: Table, @Ctx() context: CatalogContext): Promise<Column[]> {
    return (await this.structure(table, context)).columns.map((c) => Object.assign(new Column(), c, { databaseId: table.databaseId, tableSchema: table.schema, tableName: table.name }));
  }

  @FieldResolver(() => [String], { nullable: true, description: 'Primary key columns in key order; null when the table has none.' })
  async primaryKey(@Root() table: Table, @Ctx() context: CatalogContext): Promise<string[] | null> {
    return (await this.structure(table, context)).primaryKey?.columns ?? null;
  }

  @FieldResolver(() => [ForeignKey])
  async foreignKeys(@Root() table: Table, @Ctx() context: CatalogContext): Promise<ForeignKey[]> {
    return (await this.structure(table, context)).foreignKeys.map((f) => Object.assign(new ForeignKey(), f));
  }

  @FieldResolver(() => [UniqueConstraint])
  async uniques(@Root() table: Table, @Ctx() context: CatalogContext): Promise<UniqueConstraint[]> {
    return (await this.structure(table, context)).uniques.map((u) => Object.assign(new UniqueConstraint(), u));
  }

  @FieldResolver(() => [Index])
  async indexes(@Root() table: Table, @Ctx() context: CatalogContext): Promise<Index[]> {
    return (await this.structure(table, context)).indexes.map((i) => Object.assign(new Index(), i));
  }

  @FieldResolver(() => String, { description: 'Hash of the structure (columns, keys, indexes); equal structure, equal fingerprint.' })
  async fingerprint(@Root() table: Table, @Ctx() context: CatalogContext): Promise<string> {
    await this.structure(table, context);
    const node = await structureLoader(context, this.memory).load({ databaseId: table.databaseId, schema: table.schema, name: table.name });
    return node?.fingerprint ?? '';
  }
}
