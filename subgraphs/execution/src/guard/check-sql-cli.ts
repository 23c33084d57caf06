// Owns the `check:sql` command line: reads a JSON array of { dialect, sql }, prints the guard's verdict on each as one
// JSON line, then `check sql accepted=… refused=… total=…`. A missing or malformed input file exits with status 2.
import * as fs from 'node:fs';
import type { DialectName } from '@querent/common';
import { checkSql } from './sql-guard';

const USAGE = 'usage: npm run check:sql -- --input <file.json>   (a JSON array of {"dialect": "postgres|mysql|sqlite|duckdb", "sql": "…"})';
const DIALECTS: readonly DialectName[] = ['postgres', 'mysql', 'sqlite', 'duckdb'];

class InputError extends Error {}

export interface CheckSqlItem {
  dialect: DialectName;
  sql: string;
}

export function parseArgs(argv: readonly string[]): { input: string | null; help: boolean } {
  let input: string | null = null;
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') help = true;
    else if (arg === '--input') {
      const value = argv[++i];
      if (value === undefined || value === '' || value.startsWith('--')) throw new InputError('--input needs a file path');
      input = value;
    } else if (arg.startsWith('--input=')) {
      input = arg.slice('--input='.length);
      if (!input) throw new InputError('--input needs a file path');
    } else throw new InputError(`unknown argument '${arg}'`);
  }
  return { input, help };
}

/** Reads and validates the input file; every problem is an InputError that names the file or the item. */
export function readItems(file: string): CheckSqlItem[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(code === 'ENOENT' ? `input file ${file} does not exist` : `cannot read input file ${file} (${code ?? String(error)})`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new InputError(`input file ${file} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!Array.isArray(data)) throw new InputError(`input file ${file} must hold a JSON array of {"dialect", "sql"} objects`);
  return data.map((item, index) => {
    if (!item || typeof item !== 'object' || Array.isArray(item)) throw new InputError(`item ${index} of ${file} is not an object`);
    const { dialect, sql } = item as { dialect?: unknown; sql?: unknown };
    if (typeof dialect !== 'string' || !DIALECTS.includes(dialect as DialectName)) {
      throw new InputError(`item ${index} of ${file}: "dialect" must be one of ${DIALECTS.join(', ')}, got ${JSON.stringify(dialect)}`);
    }
    if (typeof sql !== 'string') throw new InputError(`item ${index} of ${file}: "sql" must be a string`);
    return { dialect: dialect as DialectName, sql };
  });
}

export function main(argv: readonly string[] = process.argv.slice(2), out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): number {
  let items: CheckSqlItem[];
  try {
    const args = parseArgs(argv);
    if (args.help) {
      out.write(`${USAGE}\n`);
      return 0;
    }
    if (!args.input) throw new InputError('--input <file.json> is required');
    items = readItems(args.input);
  } catch (error) {
    if (error instanceof InputError) {
      err.write(`check:sql: ${error.message}\n${USAGE}\n`);
      return 2;
    }
    throw error;
  }
  let accepted = 0;
  items.forEach((item, index) => {
    const verdict = checkSql(item.dialect, item.sql);
    if (verdict.accepted) accepted++;
    out.write(`${JSON.stringify({ index, accepted: verdict.accepted, code: verdict.code, reason: verdict.reason })}\n`);
  });
  out.write(`check sql accepted=${accepted} refused=${items.length - accepted} total=${items.length}\n`);
  return 0;
}

if (require.main === module) {
  process.exitCode = main();
}
