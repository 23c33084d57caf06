#!/usr/bin/env node
// `querent`: a thin command-line shell over the typed SDK.
import { createQuerentClient, QuerentClientError, type QuerentClient } from '@querent/sdk';

const USAGE = `usage: querent <command> [--url URL] [--json]

commands:
  health      the gateway's health and each subgraph's (exit 1 when degraded)
  databases   registered databases, the default first
  services    each service and what it can do
  watch       stream subgraph health and database events until Ctrl-C

--url defaults to $QUERENT_URL, else http://127.0.0.1:4000`;

interface Options {
  command?: string;
  url: string;
  json: boolean;
}

function parseArgs(argv: string[]): Options {
  const options: Options = { url: process.env.QUERENT_URL || 'http://127.0.0.1:4000', json: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--json') options.json = true;
    else if (arg === '--url') {
      const value = argv[++i];
      if (!value) throw new QuerentClientError('BAD_INPUT', '--url needs a value, like --url http://127.0.0.1:4000');
      options.url = value;
    } else if (arg === '--help' || arg === '-h') options.command = 'help';
    else if (arg.startsWith('-')) throw new QuerentClientError('BAD_INPUT', `unknown option ${arg}`);
    else if (!options.command) options.command = arg;
    else throw new QuerentClientError('BAD_INPUT', `unexpected argument ${arg}`);
  }
  return options;
}

function print(options: Options, value: unknown, human: () => string): void {
  process.stdout.write((options.json ? JSON.stringify(value, null, 2) : human()) + '\n');
}

async function run(client: QuerentClient, options: Options): Promise<number> {
  switch (options.command) {
    case 'health': {
      const health = await client.health();
      print(options, health, () =>
        [`status: ${health.status}`, ...health.subgraphs.map((s) => `  ${s.healthy ? 'ok  ' : 'DOWN'} ${s.name.padEnd(14)} ${s.url}${s.error ? `  (${s.error})` : ''}`)].join('\n'),
      );
      return health.status === 'ok' ? 0 : 1;
    }
    case 'databases': {
      const { databases } = await client.Databases();
      print(options, databases, () =>
        databases.length === 0 ? 'no databases registered' : databases.map((d) => `${d.isDefault ? '*' : ' '} ${d.name.padEnd(20)} ${d.dialect.padEnd(8)} ${d.url}`).join('\n'),
      );
      return 0;
    }
    case 'services': {
      const services = await client.Services();
      const list = [services.catalogService, services.planningService, services.executionService, services.visualizationService, services.insightService];
      print(options, list, () => list.map((s) => `${s.name.padEnd(14)} ${s.version}  ${s.capabilities.length ? s.capabilities.join(', ') : '(no capabilities yet)'}`).join('\n'));
      return 0;
    }
    case 'watch': {
      process.stderr.write('watching; Ctrl-C to stop\n');
      const pump = async <T>(stream: AsyncIterable<T>, line: (event: T) => string) => {
        for await (const event of stream) print(options, event, () => line(event));
      };
      await Promise.all([
        pump(client.SubgraphHealth(), (e) => `${e.subgraphHealth.at} subgraph ${e.subgraphHealth.name} ${e.subgraphHealth.healthy ? 'healthy' : `DOWN (${e.subgraphHealth.error ?? 'unknown'})`}`),
        pump(client.DatabaseEvents(), (e) => `${e.databaseEvents.at} database ${e.databaseEvents.name} ${e.databaseEvents.kind}`),
      ]);
      return 0;
    }
    case undefined:
    case 'help':
      process.stdout.write(USAGE + '\n');
      return options.command ? 0 : 2;
    default:
      throw new QuerentClientError('BAD_INPUT', `unknown command "${options.command}"; try querent --help`);
  }
}

async function main(): Promise<void> {
  let options: Options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`querent: ${(error as Error).message}\n`);
    process.exit(2);
  }
  const client = createQuerentClient({ url: options.url });
  process.on('SIGINT', () => void client.close().then(() => process.exit(0)));
  try {
    const code = await run(client, options);
    await client.close();
    process.exit(code);
  } catch (error) {
    const e = error as QuerentClientError;
    process.stderr.write(`querent: ${e.code ? `${e.code}: ` : ''}${e.message}\n`);
    await client.close();
    process.exit(e.code === 'BAD_INPUT' ? 2 : 1);
  }
}

void main();
