// Owns the `demo:generate` command line: parses flags, builds the demo database, prints row counts.
import * as path from 'node:path';
import { generateDemoDatabase, type DemoDatabaseOptions } from './demo-database';

const USAGE = 'usage: generate-demo-cli [--out <path>] [--seed N] [--orders N]';

class UsageError extends Error {}

interface CliArgs extends DemoDatabaseOptions {
  out: string;
  help: boolean;
}

function parseInteger(flag: string, raw: string): number {
  // Number('') and Number('1e3') would be accepted by a looser check; only plain digits are meant here.
  if (!/^-?\d+$/.test(raw)) throw new UsageError(`${flag} expects an integer, got '${raw}'`);
  return Number(raw);
}

export function parseArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): CliArgs {
  const args: CliArgs = { out: path.join(env.QUERENT_DATA_DIR ?? './data', 'demo.db'), help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') {
      args.help = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const flag = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    if (flag !== '--out' && flag !== '--seed' && flag !== '--orders') {
      throw new UsageError(`unknown argument '${arg}'`);
    }
    let value: string | undefined;
    if (flag !== arg) value = arg.slice(eq + 1);
    else value = argv[++i];
    // `--out --seed 3` is a forgotten value, not a file named "--seed".
    if (value === undefined || value === '' || (flag === arg && value.startsWith('--'))) {
      throw new UsageError(`${flag} needs a value`);
    }

    if (flag === '--out') {
      args.out = value;
    } else if (flag === '--seed') {
      const seed = parseInteger(flag, value);
      if (seed < 0 || seed > 0xffffffff) throw new UsageError(`--seed must be between 0 and 4294967295, got ${value}`);
      args.seed = seed;
    } else {
      const orders = parseInteger(flag, value);
      if (orders < 1) throw new UsageError(`--orders must be at least 1, got ${value}`);
      args.orders = orders;
    }
  }
  return args;
}

export function main(argv: readonly string[] = process.argv.slice(2)): number {
  let args: CliArgs;
  try {
    args = parseArgs(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`error: ${error.message} (${USAGE})\n`);
      return 2;
    }
    throw error;
  }
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  try {
    const summary = generateDemoDatabase(args.out, { seed: args.seed, orders: args.orders });
    const width = Math.max(...Object.keys(summary.tables).map((t) => t.length));
    for (const [table, count] of Object.entries(summary.tables)) {
      process.stdout.write(`${table.padEnd(width)}  ${String(count).padStart(7)}\n`);
    }
    process.stdout.write(`demo database ${summary.path} generated in ${summary.durationMs} ms\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`error: demo database generation failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

if (require.main === module) {
  process.exitCode = main();
}
