// What the DataPoint generator knows about a database: each table's structure (schema memory), its profile when one
// was taken, the relationships between tables, and how the engine names things. Gathered by DatabaseFactsReader.
import type { Relationship, TableStructure, ValueKind } from '@querent/common';

export interface ValueCount {
  value: string;
  count: number;
}

export interface ColumnProfileFacts {
  nullFraction: number;
  distinctCount: number;
  distinctExact: boolean;
  min: string | null;
  max: string | null;
  mean: number | null;
  topValues: ValueCount[];
  samples: string[];
  /** Detected value patterns, lower-case: email, phone, url, uuid, iso_date, currency, country, json. */
  patterns: string[];
}

export interface TableProfileFacts {
  rowCount: number;
  rowCountExact: boolean;
  profiledAt: Date;
  columns: Map<string, ColumnProfileFacts>;
}

export interface TableFacts {
  structure: TableStructure;
  /** Unqualified names resolve to this schema (SQL can leave the schema out). */
  inDefaultSchema: boolean;
  rowEstimate: number | null;
  profile: TableProfileFacts | null;
  /** The oldest and newest value of the table's dating column, read from the table itself, and when it was read. */
  latest: { values: Map<string, { min: string | null; max: string | null }>; readAt: Date } | null;
}

export interface DatabaseFacts {
  databaseName: string;
  tables: TableFacts[];
  /** Declared foreign keys and inferred relationships, child (`from`) to parent (`to`). */
  relationships: Relationship[];
  /** The engine's quoting (Dialect.quoteIdentifier). */
  quoteIdentifier(name: string): string;
  /** The value family of a column type as the engine spells it (DialectSampling.valueKind). */
  valueKind(dataType: string): ValueKind;
}

export function qualifiedName(schema: string, table: string): string {
  return `${schema}.${table}`;
}
