// Adapts the SQL guard (guard/) to the execution service's port: the verdict, with the tables it read.
import type { DialectName } from '@querent/common';
import { checkSql } from '../guard';
import type { GuardVerdict } from './execution-ports';

export function guardPort(dialect: DialectName, sql: string): GuardVerdict {
  const verdict = checkSql(dialect, sql);
  if (!verdict.accepted) return { accepted: false, code: verdict.code, reason: verdict.reason, tables: [] };
  return { accepted: true, code: verdict.code, reason: verdict.reason, tables: verdict.tables.map((t) => ({ schema: t.schema, name: t.table })) };
}
