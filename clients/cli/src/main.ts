#!/usr/bin/env node
// `querent`: a thin command-line shell over the typed SDK.
import { createQuerentClient, QuerentClientError, type QuerentClient } from '@querent/sdk';

const USAGE = `usage: querent <command> [arguments] [--url URL] [--json]

commands:
  health                          the gateway's health and each subgraph's (exit 1 when degraded)
  services                        each service and what it can do
  databases                       registered databases, the default first (*)
  add <name> <url> [--tag T]… [--description D]
                                  register a database (tested first; the URL is stored encrypted)
  test <db>                       connect to a database and report whether it answers
  default <db>                    make a database the default
  remove <db> [--purge]           remove a database; --purge also deletes its change history
  schemas <db>                    its schemas
  tables <db> [schema]            the tables and views of a schema (the default schema if omitted)
  describe <db> <table> [--schema S]
                                  columns, keys and indexes of one table
  refresh <db> [--schema S] [--table T] [--force]
                                  re-check the schema memory; only what changed is re-read
  changes <db> [--schema S] [--table T] [--first N]
                                  the change log, newest first
  profile <db> [--tables a,b] [--sample-size N] [--force] [--wait]
                                  profile tables (schema.table, table or schema.*; default: the default schema's);
                                  --wait returns when the job is done (exit 1 unless every table succeeded)
  generate <db> [--tables a,b]    generate DataPoints (table meanings, metrics, freshness) for review; reviewed ones are kept
  datapoints <db> [--status S] [--type T] [--first N]
                                  the review queue: status pending, edited, approved or rejected; type schema, business or process
  datapoint <id>                  one DataPoint in full
  review <id> approve|reject|edit [--title T] [--description D]
                                  review a DataPoint (admin); edit keeps the change until it is approved
  search <db> "<text>" [--first K]
                                  the approved DataPoints closest in meaning to a text
  status                          whether Querent is set up and what is missing (exit 1 until it is)
  init --url <database-url> [--name N] [--auto-approve] [--no-profile] [--no-generate]
                                  set Querent up for a database: add, test, discover, profile, generate DataPoints
  watch [<db>]                    stream health and database events (and <db>'s catalog changes) until Ctrl-C
  relationships <db> [--schema S] [--refresh]
                                  how its tables relate: declared, implied by names or by values, with confidence
  join <db> <table> <table>…      the cheapest join path between tables (table or schema.table)
  sql <db> "<sql>"                run one read-only statement and print its rows (exit 1 unless it ran)
  history <db> [--first N]        the statements run against a database, newest first
  ask "<question>" [--db D] [--conversation C]
                                  answer a question: the route, the SQL, its rows and each step (exit 1 without an answer)
  plan "<question>" [--db D]      the SQL a question would run, and why, without running it

<db> is a database name or id. --url defaults to $QUERENT_URL, else http://127.0.0.1:4000; a --url that is not
http(s) is the database URL of init.`;

interface Options {
  command?: string;
  args: string[];
  url: string;
  json: boolean;
  flags: Record<string, string | true>;
  tags: string[];
  /** `init --url postgresql://…`: a --url that is not the gateway's http(s) address names the database. */
  databaseUrl?: string;
}

const VALUE_FLAGS = new Set(['--db', '--conversation', '--schema', '--table', '--first', '--tag', '--description', '--tables', '--sample-size', '--status', '--type', '--title', '--name']);
const BOOLEAN_FLAGS = new Set(['--force', '--purge', '--wait', '--refresh', '--auto-approve', '--no-profile', '--no-generate']);

function parseArgs(argv: string[]): Options {
  const options: Options = { url: process.env.QUERENT_URL || 'http://127.0.0.1:4000', json: false, args: [], flags: {}, tags: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--json') options.json = true;
    else if (arg === '--url' || VALUE_FLAGS.has(arg)) {
      const value = argv[++i];
      if (value === undefined || value.startsWith('--')) throw new QuerentClientError('BAD_INPUT', `${arg} needs a value`);
      if (arg === '--url' && !/^https?:\/\//i.test(value)) options.databaseUrl = value;
      else if (arg === '--url') options.url = value;
      else if (arg === '--tag') options.tags.push(value);
      else options.flags[arg] = value;
    } else if (BOOLEAN_FLAGS.has(arg)) options.flags[arg] = true;
    else if (arg === '--help' || arg === '-h') options.command = 'help';
    else if (arg.startsWith('-')) throw new QuerentClientError('BAD_INPUT', `unknown option ${arg}; try querent --help`);
    else if (!options.command) options.command = arg;
    else options.args.push(arg);
  }
  return options;
}

function needArgs(options: Options, count: number, usage: string): string[] {
  if (options.args.length < count) throw new QuerentClientError('BAD_INPUT', `usage: querent ${usage}`);
  if (options.args.length > count + (usage.includes('[schema]') || usage.includes('[<db>]') ? 1 : 0)) throw new QuerentClientError('BAD_INPUT', `unexpected argument ${options.args[count]}; usage: querent ${usage}`);
  return options.args;
}

function flag(options: Options, name: string): string | undefined {
  const value = options.flags[name];
  return typeof value === 'string' ? value : undefined;
}

/** A database named by name or id. */
async function resolveDatabase(client: QuerentClient, nameOrId: string): Promise<{ id: string; name: string }> {
  const { databases } = await client.Databases();
  const found = databases.find((d) => d.name === nameOrId) ?? databases.find((d) => d.id === nameOrId);
  if (!found) throw new QuerentClientError('NOT_FOUND', `no database named "${nameOrId}"; registered: ${databases.map((d) => d.name).join(', ') || 'none'}`);
  return found;
}

/** Rows as an aligned text table; long values are cut so a row stays on one line. */
function formatTable(columns: { name: string }[], rows: unknown[][]): string {
  const cell = (v: unknown) => {
    const text = v === null || v === undefined ? 'NULL' : typeof v === 'object' ? JSON.stringify(v) : String(v);
    return text.length > 40 ? `${text.slice(0, 39)}…` : text;
  };
  const cells = rows.map((row) => row.map(cell));
  const widths = columns.map((c, i) => Math.max(c.name.length, ...cells.map((r) => (r[i] ?? '').length)));
  const line = (values: string[]) => values.map((v, i) => v.padEnd(widths[i])).join('  ').trimEnd();
  return [line(columns.map((c) => c.name)), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}

function formatJson(value: unknown): string {
  return value === null || value === undefined ? '' : JSON.stringify(value);
}

function print(options: Options, value: unknown, human: () => string): void {
  process.stdout.write((options.json ? JSON.stringify(value, null, 2) : human()) + '\n');
}

async function run(client: QuerentClient, options: Options): Promise<number> {
  if (options.databaseUrl && options.command !== 'init') throw new QuerentClientError('BAD_INPUT', `--url is the gateway's address (http://…); "${options.databaseUrl.replace(/\/\/[^@/]*@/, '//***@')}" looks like a database URL, which only init takes`);
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
    case 'add': {
      const [name, url] = needArgs(options, 2, 'add <name> <url> [--tag T]… [--description D]');
      const { addDatabase } = await client.AddDatabase({ input: { name, url, tags: options.tags, description: flag(options, '--description') ?? null } });
      print(options, addDatabase, () => `added ${addDatabase.name} (${addDatabase.dialect}) ${addDatabase.url}${addDatabase.isDefault ? ' — the default database' : ''}`);
      return 0;
    }
    case 'test': {
      const [nameOrId] = needArgs(options, 1, 'test <db>');
      const db = await resolveDatabase(client, nameOrId);
      const { testDatabase: t } = await client.TestDatabase({ id: db.id });
      print(options, t, () => (t.ok ? `${db.name}: ok in ${t.latencyMs} ms (database ${t.database}, ${t.schemaCount} schema(s))` : `${db.name}: FAILED after ${t.latencyMs} ms: ${t.error?.code}: ${t.error?.message}`));
      return t.ok ? 0 : 1;
    }
    case 'default': {
      const [nameOrId] = needArgs(options, 1, 'default <db>');
      const db = await resolveDatabase(client, nameOrId);
      const { setDefaultDatabase } = await client.SetDefaultDatabase({ id: db.id });
      print(options, setDefaultDatabase, () => `${setDefaultDatabase.name} is now the default database`);
      return 0;
    }
    case 'remove': {
      const [nameOrId] = needArgs(options, 1, 'remove <db> [--purge]');
      const db = await resolveDatabase(client, nameOrId);
      const purge = options.flags['--purge'] === true;
      const { removeDatabase } = await client.RemoveDatabase({ id: db.id, purge });
      print(options, removeDatabase, () => `removed ${removeDatabase.name}${purge ? ' and its change history' : ' (its change history stays; --purge deletes it)'}`);
      return 0;
    }
    case 'schemas': {
      const [nameOrId] = needArgs(options, 1, 'schemas <db>');
      const db = await resolveDatabase(client, nameOrId);
      const { database } = await client.Schemas({ id: db.id });
      const schemas = database?.schemas ?? [];
      print(options, schemas, () => schemas.map((s) => `${s.isDefault ? '*' : ' '} ${s.name}`).join('\n'));
      return 0;
    }
    case 'tables': {
      const [nameOrId, schemaArg] = needArgs(options, 1, 'tables <db> [schema]');
      const db = await resolveDatabase(client, nameOrId);
      const schema = schemaArg ?? (await client.Schemas({ id: db.id })).database?.schemas.find((s) => s.isDefault)?.name ?? 'main';
      const { database } = await client.Tables({ id: db.id, schema });
      if (!database?.schema) throw new QuerentClientError('NOT_FOUND', `${db.name} has no schema "${schema}"`);
      const tables = database.schema.tables;
      print(options, tables, () => tables.map((t) => `${t.name.padEnd(32)} ${t.kind.padEnd(5)} ${t.rowEstimate === null || t.rowEstimate === undefined ? '' : `~${Math.round(t.rowEstimate)} rows`}${t.comment ? `  ${t.comment}` : ''}`).join('\n'));
      return 0;
    }
    case 'describe': {
      const [nameOrId, table] = needArgs(options, 2, 'describe <db> <table> [--schema S]');
      const db = await resolveDatabase(client, nameOrId);
      const { database } = await client.DescribeTable({ id: db.id, schema: flag(options, '--schema') ?? null, table });
      const t = database?.table;
      if (!t) throw new QuerentClientError('NOT_FOUND', `${db.name} has no table "${table}"${flag(options, '--schema') ? ` in schema ${flag(options, '--schema')}` : ' in its default schema'}`);
      print(options, t, () =>
        [
          `${t.schema}.${t.name} (${t.kind})${t.comment ? ` — ${t.comment}` : ''}`,
          ...t.columns.map((c) => `  ${c.name.padEnd(28)} ${c.dataType}${c.nullable ? '' : ' NOT NULL'}${c.default !== null && c.default !== undefined ? ` DEFAULT ${c.default}` : ''}${c.comment ? `  -- ${c.comment}` : ''}`),
          `  primary key: ${t.primaryKey?.join(', ') ?? 'none'}`,
          ...t.foreignKeys.map((f) => `  foreign key: (${f.columns.join(', ')}) → ${f.refSchema}.${f.refTable}(${f.refColumns.join(', ')})`),
          ...t.uniques.map((u) => `  unique: (${u.columns.join(', ')})`),
          ...t.indexes.map((i) => `  index ${i.name}: (${i.columns.join(', ')})${i.unique ? ' unique' : ''}${i.primary ? ' primary' : ''}`),
        ].join('\n'),
      );
      return 0;
    }
    case 'refresh': {
      const [nameOrId] = needArgs(options, 1, 'refresh <db> [--schema S] [--table T] [--force]');
      const db = await resolveDatabase(client, nameOrId);
      const { refreshCatalog: r } = await client.RefreshCatalog({ databaseId: db.id, schema: flag(options, '--schema') ?? null, table: flag(options, '--table') ?? null, force: options.flags['--force'] === true });
      print(options, r, () => `${r.status}: ${r.changeCount} change(s), ${r.tablesRead} table(s) read, ${r.roundTrips} round trip(s), ${r.durationMs} ms${r.error ? ` — ${r.error}` : ''}`);
      return r.status === 'succeeded' ? 0 : 1;
    }
    case 'changes': {
      const [nameOrId] = needArgs(options, 1, 'changes <db> [--schema S] [--table T] [--first N]');
      const db = await resolveDatabase(client, nameOrId);
      const first = flag(options, '--first') ? Number(flag(options, '--first')) : 50;
      if (!Number.isInteger(first) || first < 1) throw new QuerentClientError('BAD_INPUT', '--first takes a whole number of at least 1');
      const { changes } = await client.Changes({ databaseId: db.id, schema: flag(options, '--schema') ?? null, table: flag(options, '--table') ?? null, first });
      const nodes = changes.edges.map((e) => e.node);
      print(options, changes, () =>
        nodes.length === 0
          ? `no changes recorded for ${db.name}`
          : nodes.map((c) => `${c.detectedAt} ${c.action.padEnd(8)} ${c.objectType.padEnd(11)} ${[c.schema, c.table, c.column].filter(Boolean).join('.')} ${formatJson(c.before)} → ${formatJson(c.after)}`).join('\n') + (changes.pageInfo.hasNextPage ? '\n(more: --first N)' : ''),
      );
      return 0;
    }
    case 'sql': {
      const [nameOrId, sql] = needArgs(options, 2, 'sql <db> "<sql>"');
      const db = await resolveDatabase(client, nameOrId);
      const { executeSql: r } = await client.ExecuteSql({ databaseId: db.id, sql });
      print(options, r, () =>
        r.status === 'OK'
          ? `${formatTable(r.columns ?? [], (r.rows as unknown[][] | null) ?? [])}\n(${r.rowCount} row(s)${r.truncated ? ', truncated' : ''}, ${r.durationMs} ms${r.cacheHit ? ', from the cache' : ''})`
          : `${r.status}: ${r.error?.code}: ${r.error?.message}`,
      );
      return r.status === 'OK' ? 0 : 1;
    }
    case 'ask': {
      const [question] = needArgs(options, 1, 'ask "<question>" [--db D] [--conversation C]');
      const db = flag(options, '--db') ? await resolveDatabase(client, flag(options, '--db') as string) : null;
      const { ask: r } = await client.Ask({ input: { question, databaseId: db?.id ?? null, conversationId: flag(options, '--conversation') ?? null }, wait: true });
      print(options, r, () => {
        const lines = [`${r.status}${r.route ? ` — ${r.route.reason}` : ''}`];
        if (r.plan?.sql) lines.push(`SQL: ${r.plan.sql}`);
        if (r.plan?.explanation) lines.push(r.plan.explanation);
        if (r.plan?.clarification) lines.push(`${r.plan.clarification}\n${r.plan.suggestions.map((s) => `  - ${s.text}`).join('\n')}`);
        const run = r.queryRun;
        if (run?.columns && run.rows) lines.push(`${formatTable(run.columns, run.rows as unknown[][])}\n(${run.rowCount} row(s)${run.truncated ? ', truncated' : ''}, ${run.durationMs} ms)`);
        if (r.error) lines.push(`${r.error.code}: ${r.error.message}`);
        lines.push(r.steps.map((s) => `  ${s.name.padEnd(9)} ${s.status.padEnd(9)} ${s.message}`).join('\n'));
        return lines.join('\n');
      });
      return r.status === 'ANSWERED' ? 0 : 1;
    }
    case 'plan': {
      const [question] = needArgs(options, 1, 'plan "<question>" [--db D]');
      const db = flag(options, '--db') ? await resolveDatabase(client, flag(options, '--db') as string) : null;
      const { plan: p } = await client.Plan({ question, databaseId: db?.id ?? null });
      print(options, p, () =>
        [p.kind, p.sql ? `SQL: ${p.sql}` : null, p.explanation, p.clarification, ...p.suggestions.map((s) => `  - ${s.text} (${Math.round(s.confidence * 100)}%)`), p.missing.length ? `missing: ${p.missing.join(', ')}` : null]
          .filter(Boolean)
          .join('\n'),
      );
      return p.kind === 'PLAN' || p.kind === 'SQL' ? 0 : 1;
    }
    case 'history': {
      const [nameOrId] = needArgs(options, 1, 'history <db> [--first N]');
      const db = await resolveDatabase(client, nameOrId);
      const first = flag(options, '--first') ? Number(flag(options, '--first')) : 20;
      if (!Number.isInteger(first) || first < 1) throw new QuerentClientError('BAD_INPUT', '--first takes a whole number of at least 1');
      const { queryHistory } = await client.QueryHistory({ databaseId: db.id, first });
      const nodes = queryHistory.edges.map((e) => e.node);
      print(options, queryHistory, () =>
        nodes.length === 0
          ? `no statements run against ${db.name} yet`
          : nodes
              .map((n) => `${n.createdAt} ${n.status.padEnd(9)} ${String(n.rowCount ?? '-').padStart(6)} rows ${String(n.durationMs ?? '-').padStart(6)} ms${n.cacheHit ? ' cached' : ''}  ${n.user ?? ''}  ${n.sql.replace(/\s+/g, ' ').slice(0, 100)}${n.error ? `  (${n.error.code})` : ''}`)
              .join('\n') + (queryHistory.pageInfo.hasNextPage ? '\n(more: --first N)' : ''),
      );
      return 0;
    }
    case 'relationships': {
      const [nameOrId] = needArgs(options, 1, 'relationships <db> [--schema S] [--refresh]');
      const db = await resolveDatabase(client, nameOrId);
      const variables = { databaseId: db.id, schemas: flag(options, '--schema') ? [flag(options, '--schema') as string] : null };
      const relationships = options.flags['--refresh'] === true ? (await client.RefreshRelationships(variables)).refreshRelationships : (await client.Relationships(variables)).relationships;
      const qualify = new Set(relationships.flatMap((r) => [r.fromSchema, r.toSchema])).size > 1;
      const end = (schema: string, table: string, columns: string[]) => `${qualify ? `${schema}.` : ''}${table}(${columns.join(', ')})`;
      print(options, relationships, () =>
        relationships.length === 0
          ? `no relationships found in ${db.name}`
          : relationships
              .map((r) => {
                const link = r.via ? ` via ${qualify ? `${r.via.schema}.` : ''}${r.via.table}` : '';
                const arrow = r.cardinality === 'MANY_TO_MANY' ? '↔' : '→';
                return `${`${end(r.fromSchema, r.fromTable, r.fromColumns)} ${arrow} ${end(r.toSchema, r.toTable, r.toColumns)}${link}`.padEnd(64)} ${r.source.padEnd(13)} ${r.confidence.toFixed(2)}  ${r.cardinality}`;
              })
              .join('\n'),
      );
      return 0;
    }
    case 'join': {
      if (options.args.length < 2) throw new QuerentClientError('BAD_INPUT', 'usage: querent join <db> <table> <table>…');
      const [nameOrId, ...tables] = options.args;
      const db = await resolveDatabase(client, nameOrId);
      const { joinPath: path } = await client.JoinPath({ databaseId: db.id, tables });
      if (!path) {
        print(options, null, () => `no chain of relationships connects ${tables.join(', ')} in ${db.name}`);
        return 1;
      }
      const name = (t: { schema: string; table: string }) => `${t.schema}.${t.table}`;
      print(options, path, () =>
        [
          `FROM ${name(path.tables[0])}`,
          ...path.joins.map((j) => `JOIN ${name(j.right)} ON ${j.leftColumns.map((c, i) => `${j.left.table}.${c} = ${j.right.table}.${j.rightColumns[i]}`).join(' AND ')}  -- ${j.relationship.source} ${j.relationship.confidence.toFixed(2)}`),
          `(cost ${path.cost})`,
        ].join('\n'),
      );
      return 0;
    }
    case 'profile': {
      const [nameOrId] = needArgs(options, 1, 'profile <db> [--tables a,b] [--sample-size N] [--force] [--wait]');
      const db = await resolveDatabase(client, nameOrId);
      const tables = flag(options, '--tables')?.split(',').map((t) => t.trim()).filter(Boolean) ?? null;
      const sampleSize = flag(options, '--sample-size') ? Number(flag(options, '--sample-size')) : null;
      if (sampleSize !== null && (!Number.isInteger(sampleSize) || sampleSize < 1)) throw new QuerentClientError('BAD_INPUT', '--sample-size takes a whole number (samples take 1000 to 10000 rows)');
      const wait = options.flags['--wait'] === true;
      const { profileDatabase: job } = await client.ProfileDatabase({ databaseId: db.id, tables, sampleSize, wait, force: options.flags['--force'] === true });
      print(options, job, () =>
        wait
          ? `${job.status}: ${job.tablesProfiled} profiled, ${job.tablesUnchanged} unchanged, ${job.tablesFailed} failed of ${job.tablesTotal} table(s); ${job.rowsRead} rows read${job.error ? `\n${job.error}` : ''}`
          : `started profiling job ${job.id} over ${job.tablesTotal} table(s) of ${db.name} (${job.status})`,
      );
      return !wait || job.status === 'SUCCEEDED' ? 0 : 1;
    }
    case 'generate': {
      const [nameOrId] = needArgs(options, 1, 'generate <db> [--tables a,b]');
      const db = await resolveDatabase(client, nameOrId);
      const tables = flag(options, '--tables')?.split(',').map((t) => t.trim()).filter(Boolean) ?? null;
      const { generateDataPoints: g } = await client.GenerateDataPoints({ databaseId: db.id, tables });
      print(options, g, () =>
        `${db.name}: ${g.generated} DataPoint(s): ${g.created} new, ${g.rewritten} updated, ${g.unchanged} unchanged, ${g.markedStale} reviewed one(s) marked stale, ${g.removed} removed` +
        (g.enrichmentModel ? `; ${g.enriched} described by ${g.enrichmentModel}` : '') +
        (g.enrichmentError ? `\nenrichment failed, deterministic descriptions kept: ${g.enrichmentError}` : ''),
      );
      return 0;
    }
    case 'datapoints': {
      const [nameOrId] = needArgs(options, 1, 'datapoints <db> [--status S] [--type T] [--first N]');
      const db = await resolveDatabase(client, nameOrId);
      const status = flag(options, '--status')?.toUpperCase();
      const type = flag(options, '--type')?.toUpperCase();
      if (status && !['PENDING', 'EDITED', 'APPROVED', 'REJECTED'].includes(status)) throw new QuerentClientError('BAD_INPUT', '--status is pending, edited, approved or rejected');
      if (type && !['SCHEMA', 'BUSINESS', 'PROCESS'].includes(type)) throw new QuerentClientError('BAD_INPUT', '--type is schema, business or process');
      const first = flag(options, '--first') ? Number(flag(options, '--first')) : 100;
      if (!Number.isInteger(first) || first < 1) throw new QuerentClientError('BAD_INPUT', '--first takes a whole number of at least 1');
      const { dataPoints } = await client.DataPoints({ databaseId: db.id, status: (status ?? null) as never, type: (type ?? null) as never, first });
      const nodes = dataPoints.edges.map((e) => e.node);
      print(options, nodes, () =>
        nodes.length === 0
          ? `no DataPoints${status ? ` with status ${status.toLowerCase()}` : ''} for ${db.name}${status ? '' : `; run: querent generate ${db.name}`}`
          : nodes.map((d) => `${d.id}  ${d.status.padEnd(8)} ${d.type.padEnd(8)} ${d.confidence.toFixed(2)}  ${d.title}${d.stale ? '  (stale)' : ''}`).join('\n') + (dataPoints.pageInfo.hasNextPage ? '\n(more: --first N)' : ''),
      );
      return 0;
    }
    case 'datapoint': {
      const [id] = needArgs(options, 1, 'datapoint <id>');
      const { dataPoint: d } = await client.DataPoint({ id });
      if (!d) throw new QuerentClientError('NOT_FOUND', `no DataPoint with id ${id}`);
      print(options, d, () =>
        [`${d.title}  [${d.type} ${d.status}, confidence ${d.confidence.toFixed(2)}]`, d.description, ...(d.stale ? [`STALE: ${d.staleReason}`] : []), JSON.stringify(d.body, null, 2)].join('\n'),
      );
      return 0;
    }
    case 'review': {
      const [id, verb] = needArgs(options, 2, 'review <id> approve|reject|edit [--title T] [--description D]');
      const decision = ({ approve: 'APPROVE', reject: 'REJECT', edit: 'EDIT' } as const)[verb as 'approve' | 'reject' | 'edit'];
      if (!decision) throw new QuerentClientError('BAD_INPUT', `review takes approve, reject or edit, not "${verb}"`);
      const edits: Record<string, string> = {};
      if (flag(options, '--title')) edits.title = flag(options, '--title') as string;
      if (flag(options, '--description')) edits.description = flag(options, '--description') as string;
      const { reviewDataPoint: d } = await client.ReviewDataPoint({ id, decision, edits: Object.keys(edits).length ? edits : null });
      print(options, d, () => `${d.title}: ${d.status.toLowerCase()}${d.status === 'EDITED' ? ' (approve it to make it searchable)' : ''}`);
      return 0;
    }
    case 'search': {
      const [nameOrId, text] = needArgs(options, 2, 'search <db> "<text>" [--first K]');
      const db = await resolveDatabase(client, nameOrId);
      const k = flag(options, '--first') ? Number(flag(options, '--first')) : 5;
      if (!Number.isInteger(k) || k < 1) throw new QuerentClientError('BAD_INPUT', '--first takes a whole number of at least 1');
      const { searchDataPoints } = await client.SearchDataPoints({ databaseId: db.id, text, k });
      print(options, searchDataPoints, () =>
        searchDataPoints.length === 0 ? `no approved DataPoint of ${db.name} yet; review some: querent datapoints ${db.name} --status pending` : searchDataPoints.map((m) => `${m.score.toFixed(3)}  ${m.dataPoint.type.padEnd(8)} ${m.dataPoint.title}`).join('\n'),
      );
      return 0;
    }
    case 'status': {
      needArgs(options, 0, 'status');
      const { systemStatus: s } = await client.SystemStatus();
      print(options, s, () =>
        [
          s.initialized ? 'Querent is set up.' : 'Querent is not set up yet.',
          ...s.databases.map((d) => `  ${d.name.padEnd(20)} ${d.profiledTables} table(s) profiled, ${d.dataPoints} DataPoint(s), ${d.approvedDataPoints} approved, ${d.pendingReview} to review`),
          ...(s.missingSteps.length ? ['missing:', ...s.missingSteps.map((step) => `  - ${step}`)] : []),
        ].join('\n'),
      );
      return s.initialized ? 0 : 1;
    }
    case 'init': {
      const [positional] = needArgs(options, 0, 'init --url <database-url> [--name N] [--auto-approve] [--no-profile] [--no-generate]');
      const url = options.databaseUrl ?? positional;
      if (!url) throw new QuerentClientError('BAD_INPUT', 'usage: querent init --url <database-url> [--name N] [--auto-approve] [--no-profile] [--no-generate]');
      const name = flag(options, '--name') ?? defaultDatabaseName(url);
      // Progress goes to stderr as it happens; the summary goes to stdout.
      const progress = client.InitializeProgress({ initializationId: null })[Symbol.asyncIterator]();
      const pump = (async () => {
        for (;;) {
          const next = await progress.next().catch(() => ({ done: true as const, value: undefined }));
          if (next.done) return;
          const e = next.value.initializeProgress;
          if (e.database !== name) continue;
          process.stderr.write(`${e.step.toLowerCase().padEnd(9)} ${e.phase.toLowerCase().padEnd(8)} ${e.message}\n`);
          if (e.step === 'DONE') return;
        }
      })();
      // Give the subscription a moment to be in place before the first event.
      await new Promise((resolve) => setTimeout(resolve, 300));
      const { initialize } = await client.Initialize({
        input: {
          databases: [{ name, url, description: flag(options, '--description') ?? null, tags: options.tags }],
          autoProfile: options.flags['--no-profile'] !== true,
          autoGenerateDataPoints: options.flags['--no-generate'] !== true,
          autoApprove: options.flags['--auto-approve'] === true,
        },
      });
      // The last events may still be on their way; the socket closes with the client after this.
      await Promise.race([pump, new Promise((resolve) => setTimeout(resolve, 2000))]);
      const [summary] = initialize.databases;
      print(options, initialize, () =>
        [
          `${summary.name}: ${summary.added ? 'added' : summary.databaseId ? 'already registered' : 'not added'}, ${summary.tablesDiscovered} table(s) discovered, ${summary.tablesProfiled} profiled, ${summary.dataPointsGenerated} DataPoint(s) generated, ${summary.dataPointsApproved} approved`,
          ...(summary.profileNote ? [`profiling: ${summary.profileNote}`] : []),
          ...summary.errors.map((e) => `error: ${e}`),
          ...(initialize.status.missingSteps.length ? ['next:', ...initialize.status.missingSteps.map((step) => `  - ${step}`)] : []),
        ].join('\n'),
      );
      return summary.errors.length === 0 ? 0 : 1;
    }
    case 'watch': {
      const [nameOrId] = needArgs(options, 0, 'watch [<db>]');
      process.stderr.write('watching; Ctrl-C to stop\n');
      const pump = async <T>(stream: AsyncIterable<T>, line: (event: T) => string) => {
        for await (const event of stream) print(options, event, () => line(event));
      };
      const streams: Promise<void>[] = [
        pump(client.SubgraphHealth(), (e) => `${e.subgraphHealth.at} subgraph ${e.subgraphHealth.name} ${e.subgraphHealth.healthy ? 'healthy' : `DOWN (${e.subgraphHealth.error ?? 'unknown'})`}`),
        pump(client.DatabaseEvents(), (e) => `${e.databaseEvents.at} database ${e.databaseEvents.name} ${e.databaseEvents.kind}`),
      ];
      if (nameOrId) {
        const db = await resolveDatabase(client, nameOrId);
        streams.push(pump(client.CatalogChanges({ databaseId: db.id }), (e) => `${e.catalogChanges.detectedAt} ${db.name} ${e.catalogChanges.action} ${e.catalogChanges.objectType} ${[e.catalogChanges.schema, e.catalogChanges.table, e.catalogChanges.column].filter(Boolean).join('.')}`));
        streams.push(pump(client.RefreshProgress({ databaseId: db.id }), (e) => `${e.refreshProgress.at} ${db.name} refresh ${e.refreshProgress.phase}: ${e.refreshProgress.message}`));
      }
      await Promise.all(streams);
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

/** A name for a database from its URL: the database or file name, cleaned to what a name may hold. */
function defaultDatabaseName(url: string): string {
  let base = 'database';
  try {
    const parsed = new URL(url);
    base = decodeURIComponent(parsed.pathname).split('/').filter(Boolean).pop() ?? parsed.hostname ?? base;
  } catch {
    base = url.split(/[\\/]/).pop() ?? base;
  }
  const cleaned = base.replace(/\.(db|sqlite3?|duckdb)$/i, '').replace(/[^A-Za-z0-9_.-]+/g, '_').replace(/^[^A-Za-z]+/, '');
  return (cleaned || 'database').slice(0, 63);
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
