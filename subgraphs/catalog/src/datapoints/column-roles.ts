// What each column is for, read from its name, type, keys and profile: identifier, reference, money, quantity, time,
// status, category, … and whether it holds personal data. The name rules are data (tables of patterns), so adding a
// word means adding it to a list, not another branch.
import { EXCLUDED_STATUS_VALUE } from '@querent/common';
import type { ColumnInfo, ValueKind } from '@querent/common';
import type { ColumnProfileFacts, DatabaseFacts, TableFacts } from './database-facts';

export type ColumnRole =
  | 'identifier'
  | 'reference'
  | 'money'
  | 'unit_price'
  | 'quantity'
  | 'ratio'
  | 'measure'
  | 'time'
  | 'update_time'
  | 'status'
  | 'category'
  | 'flag'
  | 'label'
  | 'text'
  | 'other';

export type PiiKind = 'email' | 'phone' | 'address' | 'birth_date' | 'person_name' | 'national_id' | 'ip_address';

export interface ColumnClass {
  name: string;
  dataType: string;
  /** The value family, with dates stored as text recognized as dates. */
  kind: ValueKind;
  role: ColumnRole;
  pii: PiiKind | null;
  /** How the personal-data flag was found: the profile's detected pattern, or the column's name. */
  piiSource: 'pattern' | 'name' | null;
  /** Few distinct values (from the profile; from the name when there is no profile). */
  lowCardinality: boolean;
  /** The most frequent values, when profiled and few. */
  values: string[];
  /** Values of a status column that mean "this row does not count" (cancelled, void, failed, …). */
  excludedValues: string[];
  profile: ColumnProfileFacts | null;
}

/** snake_case words of a name, so `UnitPrice`, `unit_price` and `unitPrice` read alike. */
export function nameWords(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');
}

// ---- name rules (matched against nameWords) ---------------------------------------------------------------------

const UNIT_PRICE = /(^|_)(unit_?price|price|unit_?cost|list_?price|unit_?amount|rental_?rate|hourly_?rate|price_?per_\w+)$/;
const MONEY = /(^|_)(amount|total|revenue|sales|cost|fee|fees|charge|charges|paid|payment|refund|refund_amount|subtotal|balance|spend|income|profit|margin|tax|shipping|freight|price_total|gross|net|value)(_[a-z]+)?$/;
const QUANTITY = /(^|_)(quantity|qty|units|unit_count|seats|items|item_count|count|num_\w+|number_of_\w+)$/;
const RATIO = /(^|_)(discount|percent|pct|ratio|share|rate_pct|fraction)$/;
const UPDATE_TIME = /(^|_)(updated|modified|changed|last_update|last_updated|last_modified|updated_at|modified_at|updated_on|modified_on|update_date|modified_date)$/;
const TIME_NAME = /(^|_)(date|day|time|timestamp|datetime|at|on|ts)$|(^|_)(created|placed|ordered|shipped|delivered|paid|returned|signup|signed_up|registered|booked|invoiced|rental|payment|return|hire|birth)_?(date|at|on|time)$/;
const STATUS = /(^|_)(status|state|stage|order_status|lifecycle)$/;
const CATEGORY = /(^|_)(type|kind|category|segment|channel|region|country|city|tier|class|group|gender|source|medium|plan|currency|language|genre|rating|method|mode|reason|priority|level|brand|department)$/;
const FLAG = /^(is|has|can|was|should)_|(^|_)(active|enabled|deleted|flag)$/;
const LABEL = /(^|_)(name|title|label|description)$/;
const ID = /(^|_)(id|key|code|uuid|guid)$/;

const PII_BY_NAME: readonly [RegExp, PiiKind][] = [
  [/(^|_)(e_?mail|email_address)$/, 'email'],
  [/(^|_)(phone|mobile|cell|fax|telephone|phone_number)$/, 'phone'],
  [/(^|_)(address|address\d|street|postal_code|zip|zip_code|postcode)$/, 'address'],
  [/(^|_)(birth_date|date_of_birth|dob|birthday)$/, 'birth_date'],
  [/(^|_)(first_name|last_name|full_name|surname|given_name|middle_name)$/, 'person_name'],
  [/(^|_)(ssn|social_security(_number)?|passport(_number)?|national_id|tax_id)$/, 'national_id'],
  [/(^|_)(ip|ip_address)$/, 'ip_address'],
];
const PII_BY_PATTERN: Readonly<Record<string, PiiKind>> = { email: 'email', phone: 'phone' };

/** Status values after which a row does not count towards totals. */
const EXCLUDED_STATUS = EXCLUDED_STATUS_VALUE;

const MAX_CATEGORY_VALUES = 30;

function profileLowCardinality(profile: ColumnProfileFacts, rowCount: number | null): boolean {
  if (profile.distinctCount <= 0) return false;
  if (profile.distinctCount <= MAX_CATEGORY_VALUES) return rowCount === null || rowCount === 0 || profile.distinctCount < rowCount || rowCount <= 3;
  return false;
}

function valueKindOf(column: ColumnInfo, words: string, profile: ColumnProfileFacts | null, facts: DatabaseFacts): ValueKind {
  const kind = facts.valueKind(column.dataType);
  if (kind !== 'text') return kind;
  // Dates kept as text: the profile saw ISO dates, or (no profile) the name and comment say so.
  if (profile?.patterns.some((p) => p === 'iso_date' || p === 'date' || p === 'iso_datetime')) return 'date';
  if (!profile && (TIME_NAME.test(words) || UPDATE_TIME.test(words)) && !/(^|_)(id|type|kind|zone)$/.test(words)) return 'date';
  return kind;
}

/** Classifies every column of a table; `references` names the columns that point at another table. */
export function classifyColumns(table: TableFacts, facts: DatabaseFacts, references: ReadonlySet<string>): ColumnClass[] {
  const { structure, profile } = table;
  const rowCount = profile?.rowCount ?? table.rowEstimate;
  const primary = new Set(structure.primaryKey?.columns ?? []);
  const singlePrimary = primary.size === 1;
  return structure.columns.map((column) => {
    const words = nameWords(column.name);
    const columnProfile = profile?.columns.get(column.name) ?? null;
    const kind = valueKindOf(column, words, columnProfile, facts);
    const lowCardinality = columnProfile ? profileLowCardinality(columnProfile, rowCount) : CATEGORY.test(words) || STATUS.test(words);
    const values = columnProfile && lowCardinality ? columnProfile.topValues.map((v) => v.value) : [];
    let role: ColumnRole = 'other';
    if (primary.has(column.name) && singlePrimary) role = 'identifier';
    else if (references.has(column.name)) role = 'reference';
    else if (primary.has(column.name)) role = 'reference';
    else if (kind === 'boolean' || (FLAG.test(words) && kind === 'number')) role = 'flag';
    else if (kind === 'date') role = UPDATE_TIME.test(words) ? 'update_time' : 'time';
    else if (kind === 'number') {
      if (ID.test(words)) role = 'reference';
      else if (RATIO.test(words)) role = 'ratio';
      else if (UNIT_PRICE.test(words)) role = 'unit_price';
      else if (QUANTITY.test(words)) role = 'quantity';
      else if (MONEY.test(words)) role = 'money';
      else if (columnProfile && lowCardinality && columnProfile.distinctCount <= 2) role = 'flag';
      else role = 'measure';
    } else if (kind === 'text') {
      if (STATUS.test(words) && lowCardinality) role = 'status';
      else if (values.some((v) => EXCLUDED_STATUS.test(v)) && values.length <= 12) role = 'status';
      else if (ID.test(words) && !lowCardinality) role = 'reference';
      else if (lowCardinality && !LABEL.test(words)) role = 'category';
      else if (CATEGORY.test(words) && !columnProfile) role = 'category';
      else if (LABEL.test(words)) role = 'label';
      else role = 'text';
    }
    let pii: PiiKind | null = null;
    let piiSource: ColumnClass['piiSource'] = null;
    const patternPii = columnProfile?.patterns.map((p) => PII_BY_PATTERN[p]).find(Boolean);
    if (patternPii) {
      pii = patternPii;
      piiSource = 'pattern';
    } else {
      const byName = PII_BY_NAME.find(([pattern]) => pattern.test(words));
      if (byName && role !== 'identifier' && role !== 'reference') {
        pii = byName[1];
        piiSource = 'name';
      }
    }
    if (pii && (role === 'category' || role === 'status')) role = 'text';
    const excludedValues = role === 'status' ? values.filter((v) => EXCLUDED_STATUS.test(v)) : [];
    return { name: column.name, dataType: column.dataType, kind, role, pii, piiSource, lowCardinality, values, excludedValues, profile: columnProfile };
  });
}
