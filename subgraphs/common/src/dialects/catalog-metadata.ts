// The normalized, engine-independent shape of what discovery reads: schemas, tables and their structure.
// Every introspector maps its private catalog rows onto these types; nothing above the dialects sees raw rows.

export type TableKind = 'TABLE' | 'VIEW';

/** Level 1. */
export interface SchemaInfo {
  name: string;
  /** The schema unqualified names resolve to (PostgreSQL `public`, the URL's database on MySQL, `main`). */
  isDefault: boolean;
}

/** Level 2: one table or view of a schema. */
export interface TableInfo {
  schema: string;
  name: string;
  kind: TableKind;
  /** The engine's cheap estimate (statistics), or null when it has none. Never a COUNT(*). */
  rowEstimate: number | null;
  comment: string | null;
}

export interface ColumnInfo {
  name: string;
  /** 1-based position in the table. */
  ordinal: number;
  /** The type as the engine spells it, e.g. `character varying(120)`, `int(11)`, `INTEGER`, `DECIMAL(10,2)`. */
  dataType: string;
  nullable: boolean;
  /** The default expression as the engine prints it, or null. */
  default: string | null;
  comment: string | null;
}

export interface KeyInfo {
  /** Constraint name; null where the engine does not name it (SQLite inline keys). */
  name: string | null;
  columns: string[];
}

export interface ForeignKeyInfo extends KeyInfo {
  refSchema: string;
  refTable: string;
  refColumns: string[];
}

export interface IndexInfo {
  name: string;
  /** Column names in index order; an expression part appears as its expression text. */
  columns: string[];
  unique: boolean;
  /** True for the index that backs the primary key. */
  primary: boolean;
}

/** Level 3: everything about one table's structure. Arrays are sorted deterministically (see sortStructure). */
export interface TableStructure {
  schema: string;
  name: string;
  kind: TableKind;
  comment: string | null;
  columns: ColumnInfo[];
  primaryKey: KeyInfo | null;
  foreignKeys: ForeignKeyInfo[];
  uniques: KeyInfo[];
  indexes: IndexInfo[];
}

/**
 * A cheap change detector for one schema. `schemaToken` summarizes the whole schema in one short value;
 * `tableTokens` has one value per table or view. A token changes whenever the engine's catalog rows for
 * that object change (it may also change without a visible structural difference; the structure
 * fingerprint then decides whether anything really changed).
 */
export interface SchemaProbe {
  schemaToken: string;
  tableTokens: Map<string, string>;
}
