// SCHEMA DataPoints, one per table: its purpose, grain, key columns, the meaning of each column (personal data
// flagged), and the filters people typically put on it. Deterministic: the same catalog and profile give the same text.
import type { ColumnClass } from './column-roles';
import type { GeneratedDataPoint } from './datapoint';
import { joinCondition, type DatabaseModel, type Link, type TableModel } from './database-model';
import { capitalize, formatNumber, humanize, listOf, pluralOf, singularOf, sqlString, withArticle } from './english-wording';

export interface SchemaColumnBody {
  type: string;
  role: string;
  meaning: string;
  nullable: boolean;
  pii: boolean;
  piiKind?: string;
  piiSource?: string;
  values?: string[];
  range?: { min: string | null; max: string | null };
  references?: string;
}

function referenceLink(table: TableModel, column: string): Link | undefined {
  return table.parents.find((p) => p.columns.length === 1 && p.columns[0] === column);
}

function columnMeaning(table: TableModel, column: ColumnClass, comment: string | null): string {
  if (comment) return comment;
  const thing = singularOf(table.name);
  const words = humanize(column.name);
  const values = column.values.length > 0 ? `; values: ${column.values.slice(0, 8).join(', ')}` : '';
  switch (column.role) {
    case 'identifier':
      return `Unique identifier of the ${thing}.`;
    case 'reference': {
      const link = referenceLink(table, column.name);
      if (link) return `The ${singularOf(link.other.name)} this ${thing} belongs to (joins ${link.other.name}.${link.otherColumns[0]}${link.relationship.source === 'DECLARED' ? '' : `, inferred from ${link.relationship.source === 'NAMING' ? 'the name' : 'overlapping values'}`}).`;
      return `Identifier of ${withArticle(words.replace(/ (id|key|code)$/, ''))}; no table it points to is known.`;
    }
    case 'money':
      return `Money amount: ${words}.`;
    case 'unit_price':
      return `Price or cost of one unit: ${words}.`;
    case 'quantity':
      return `Number of units: ${words}.`;
    case 'ratio':
      return `A fraction or percentage: ${words}.`;
    case 'measure':
      return `Numeric measure: ${words}.`;
    case 'time':
      return `Date${column.kind === 'date' && /text|char|string/i.test(column.dataType) ? ' (stored as text)' : ''} of ${words.replace(/ (date|at|on|time|timestamp)$/, '') || thing}.`;
    case 'update_time':
      return `When the ${thing} was last changed.`;
    case 'status':
      return `Status of the ${thing}${values}.`;
    case 'category':
      return `Category of the ${thing}: ${words}${values}.`;
    case 'flag':
      return `Yes/no flag: ${words}.`;
    case 'label':
      return `${capitalize(words)} of the ${thing}.`;
    default:
      return `${capitalize(words)}.`;
  }
}

function grainOf(table: TableModel): string {
  const pk = table.facts.structure.primaryKey?.columns ?? [];
  const thing = singularOf(table.name);
  if (pk.length === 1) return `one row per ${thing} (key ${pk[0]})`;
  if (pk.length > 1) {
    const linked = pk.map((c) => referenceLink(table, c)?.other.name).filter((n): n is string => Boolean(n));
    if (linked.length === pk.length) return `one row per pair of ${listOf(linked.map(singularOf))} (key ${pk.join(', ')}): links ${listOf(linked)}`;
    return `one row per ${thing} per ${listOf(pk.slice(1).map(humanize))} (key ${pk.join(', ')})`;
  }
  const unique = table.facts.structure.uniques[0]?.columns;
  if (unique) return `one row per ${thing} (unique ${unique.join(', ')}; no primary key)`;
  return `one row per ${thing} (no declared key)`;
}

function purposeOf(table: TableModel): string {
  const comment = table.facts.structure.comment;
  if (comment) return comment;
  const parts: string[] = [`${capitalize(pluralOf(table.name))}`];
  const parents = [...new Set(table.parents.map((p) => singularOf(p.other.name)))];
  if (parents.length > 0) parts.push(`each linked to ${listOf(parents.map(withArticle))}`);
  const time = table.columns.find((c) => c.role === 'time');
  if (time) parts.push(`dated by ${time.name}`);
  const measures = table.columns.filter((c) => ['money', 'unit_price', 'quantity'].includes(c.role)).map((c) => c.name);
  if (measures.length > 0) parts.push(`with ${listOf(measures)}`);
  const children = [...new Set(table.children.map((c) => c.other.name))];
  if (children.length > 0) parts.push(`referenced by ${listOf(children)}`);
  return parts.join(', ') + '.';
}

function typicalFilters(model: DatabaseModel, table: TableModel): string[] {
  const filters: string[] = [];
  for (const column of table.columns) {
    const name = model.columnSql(table, column.name);
    if (column.role === 'time') filters.push(`${name} BETWEEN :from AND :to`);
    else if (column.role === 'status') {
      if (column.excludedValues.length > 0) filters.push(`${name} NOT IN (${column.excludedValues.map(sqlString).join(', ')})`);
      if (column.values[0]) filters.push(`${name} = ${sqlString(column.values[0])}`);
    } else if (column.role === 'category' && column.values[0]) filters.push(`${name} = ${sqlString(column.values[0])}`);
    else if (column.role === 'reference') {
      const link = referenceLink(table, column.name);
      if (link) filters.push(`${name} = :${singularOf(link.other.name).replace(/ /g, '_')}_id`);
    } else if (column.role === 'flag') filters.push(`${name} = ${column.kind === 'boolean' ? 'TRUE' : '1'}`);
  }
  return filters.slice(0, 8);
}

export function schemaDataPoint(model: DatabaseModel, table: TableModel): GeneratedDataPoint {
  const { structure, profile } = table.facts;
  const comments = new Map(structure.columns.map((c) => [c.name, c.comment]));
  const nullable = new Map(structure.columns.map((c) => [c.name, c.nullable]));
  const columns: Record<string, SchemaColumnBody> = {};
  for (const column of table.columns) {
    const link = column.role === 'reference' ? referenceLink(table, column.name) : undefined;
    const hasRange = column.profile && (column.kind === 'number' || column.kind === 'date') && (column.profile.min !== null || column.profile.max !== null);
    columns[column.name] = {
      type: column.dataType,
      role: column.role,
      meaning: columnMeaning(table, column, comments.get(column.name) ?? null),
      nullable: nullable.get(column.name) ?? true,
      pii: column.pii !== null,
      ...(column.pii ? { piiKind: column.pii, piiSource: column.piiSource ?? undefined } : {}),
      ...(column.values.length > 0 && !column.pii && column.role !== 'reference' && column.role !== 'identifier' ? { values: column.values.slice(0, 12) } : {}),
      ...(hasRange && !column.pii ? { range: { min: column.profile?.min ?? null, max: column.profile?.max ?? null } } : {}),
      ...(link ? { references: `${link.other.name}.${link.otherColumns[0]}` } : {}),
    };
  }
  const pii = table.columns.filter((c) => c.pii).map((c) => c.name);
  const grain = grainOf(table);
  const purpose = purposeOf(table);
  const rowCount = table.rowCount;
  const size = rowCount === null ? '' : ` About ${formatNumber(rowCount)} rows${profile?.rowCountExact ? ' (counted)' : ' (estimated)'}.`;
  const description = `${structure.kind === 'VIEW' ? 'View' : 'Table'} ${table.key}: ${grain}. ${purpose}${size}${pii.length ? ` Holds personal data in ${listOf(pii)}.` : ''}`;
  const confidence = Math.min(0.95, 0.55 + (profile ? 0.2 : 0) + (structure.primaryKey ? 0.1 : 0) + (structure.comment ? 0.1 : 0));
  return {
    key: `schema:${table.key}`,
    type: 'SCHEMA',
    title: `${capitalize(humanize(table.name))} (${table.key})`,
    schema: table.schema,
    table: table.name,
    confidence: Math.round(confidence * 100) / 100,
    basis: {
      kind: structure.kind,
      columns: structure.columns.map((c) => [c.name, c.dataType, c.nullable]),
      primaryKey: structure.primaryKey?.columns ?? [],
      references: table.parents.map((p) => [p.columns, p.other.key, p.otherColumns]),
      pii: pii,
    },
    body: {
      description,
      purpose,
      grain,
      kind: structure.kind,
      keyColumns: {
        primaryKey: structure.primaryKey?.columns ?? [],
        references: table.parents.map((p) => ({
          columns: p.columns,
          table: p.other.key,
          toColumns: p.otherColumns,
          source: p.relationship.source,
          confidence: p.relationship.confidence,
          join: joinCondition(model, table, p),
        })),
        uniques: structure.uniques.map((u) => u.columns),
      },
      columns,
      piiColumns: pii,
      typicalFilters: typicalFilters(model, table),
      rowCount,
      rowCountExact: profile?.rowCountExact ?? false,
    },
  };
}
