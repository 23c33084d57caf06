// `npm run plan:batch -- --db <connection-url-or-sqlite-path> --questions <file.json> --out <pred.txt>`: a thin shell
// over plan-batch.ts. Exit 0 when every question was planned or answered, 1 when the database could not be read,
// 2 for bad arguments.
import fs from 'node:fs';
import { isQuerentError } from '@querent/common';
import { databaseUrl, readLiveContext } from './live-planner-context';
import { batchPlanner, planBatch, readQuestions } from './plan-batch';

const USAGE = [
  'usage: npm run plan:batch -- --db <connection-url-or-sqlite-path> --questions <file.json> --out <pred.txt>',
  '         [--schema <name>] [--columns asked|with-measures] [--datapoints none|generated]',
  '  --columns     asked (default): exactly the columns a question names; with-measures: rankings and HAVING lists',
  '                also show the measure they are based on',
  "  --datapoints  generated: take the catalog's generated metrics (revenue = quantity × price, …) as approved",
].join('\n');

function fail(message: string, code: number): never {
  process.stderr.write(`plan:batch: ${message}\n`);
  if (code === 2) process.stderr.write(`${USAGE}\n`);
  process.exit(code);
}

interface BatchArgs {
  db: string;
  questions: string;
  out: string;
  schema?: string;
  columns: 'asked' | 'with-measures';
  dataPoints: 'none' | 'generated';
}

function parseArgs(argv: string[]): BatchArgs {
  const known = new Set(['--db', '--questions', '--out', '--schema', '--columns', '--datapoints']);
  const values: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (flag === '--help' || flag === '-h') {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    }
    if (!known.has(flag)) fail(`unknown argument "${arg}"`, 2);
    const value = inline ?? argv[++i];
    if (value === undefined || value === '' || (inline === undefined && value.startsWith('--'))) fail(`${flag} needs a value`, 2);
    if (values[flag] !== undefined) fail(`${flag} was given twice`, 2);
    values[flag] = value;
  }
  for (const required of ['--db', '--questions', '--out']) if (!values[required]) fail(`${required} is required`, 2);
  const columns = values['--columns'] ?? 'asked';
  if (columns !== 'asked' && columns !== 'with-measures') fail(`--columns must be asked or with-measures, not "${columns}"`, 2);
  const dataPoints = values['--datapoints'] ?? 'none';
  if (dataPoints !== 'none' && dataPoints !== 'generated') fail(`--datapoints must be none or generated, not "${dataPoints}"`, 2);
  return { db: values['--db'], questions: values['--questions'], out: values['--out'], schema: values['--schema'], columns, dataPoints };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  let items;
  try {
    items = readQuestions(args.questions);
  } catch (error) {
    fail(isQuerentError(error) ? error.message : String(error), 2);
  }
  let url: string;
  try {
    url = databaseUrl(args.db);
  } catch (error) {
    fail(`--db: ${(error as Error).message}`, 2);
  }
  let live;
  try {
    live = await readLiveContext(url, { schema: args.schema, dataPoints: args.dataPoints });
  } catch (error) {
    const code = isQuerentError(error) && error.code === 'BAD_INPUT' ? 2 : 1;
    fail(`cannot read the database: ${isQuerentError(error) ? `${error.code}: ${error.message}` : String(error)}`, code);
  }
  try {
    const outcome = await planBatch(items, live.context, batchPlanner(args.columns));
    fs.writeFileSync(args.out, outcome.lines.map((l) => `${l}\n`).join(''));
    const planned = outcome.results.filter((r) => r.kind === 'plan').length;
    process.stderr.write(`plan:batch: ${planned}/${items.length} questions planned (${items.length - planned} clarifications or no answer) → ${args.out}\n`);
  } finally {
    await live.close();
  }
}

main().catch((error: unknown) => {
  fail(isQuerentError(error) ? `${error.code}: ${error.message}` : String((error as Error)?.stack ?? error), 1);
});
