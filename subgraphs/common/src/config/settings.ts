// Every environment variable Querent reads: name, default, meaning and parser, in one table.
// The README documents each of them; test/readme-settings.test.ts fails when one is missing there.
import path from 'node:path';
import { QuerentError } from '../errors/querent-error';

export const SUBGRAPH_NAMES = ['catalog', 'planning', 'execution', 'visualization', 'insight'] as const;
export type SubgraphName = (typeof SUBGRAPH_NAMES)[number];

/** Default port of each subgraph when it runs as its own process (scale-out layout). */
export const SUBGRAPH_DEFAULT_PORTS: Record<SubgraphName, number> = {
  catalog: 4001,
  planning: 4002,
  execution: 4003,
  visualization: 4004,
  insight: 4005,
};

export type QuerentMode = 'embedded' | 'gateway';
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

export interface Settings {
  port: number;
  host: string;
  mode: QuerentMode;
  dataDir: string;
  databaseUrl?: string;
  redisUrl?: string;
  secret?: string;
  logLevel: LogLevel;
  demo: boolean;
  defaultRole: 'viewer' | 'analyst' | 'admin';
  catalog: { ttlSchemasMs: number; ttlTablesMs: number; probeIntervalMs: number; connectTimeoutMs: number; queryTimeoutMs: number };
  /** Profiling: the time budget of one table and of one job, and the rows a sample of a large table aims at. */
  profiling: { tableBudgetMs: number; databaseBudgetMs: number; sampleRows: number };
  execution: ExecutionSettings;
  subgraphUrls: Record<SubgraphName, string>;
  subgraphTimeoutMs: number;
  healthIntervalMs: number;
  /** Where approved DataPoints are indexed for search: Pinecone when PINECONE_API_KEY is set, else Querent's store. */
  vectorIndex: { pinecone: { apiKey: string; indexName: string; controllerHostUrl?: string } | null };
  llm: LlmSettings;
  /** Planning: how often the LLM planner may be asked to repair SQL the guard refused or the database rejected. */
  planning: { llmRepairAttempts: number };
}

/** The OpenAI-compatible language model. Without an API key there is none, and what needs no model answers. */
export interface LlmSettings {
  apiKey?: string;
  /** Unset means OpenAI's own endpoint. */
  baseUrl?: string;
  model: string;
  /** Unset (QUERENT_EMBEDDING_MODEL=none) when the endpoint has no embeddings. */
  embeddingModel?: string;
  timeoutMs: number;
  maxRetries: number;
}

/** Limits of SQL execution (user and generated) and of its result cache. */
export interface ExecutionSettings {
  timeoutMs: number;
  maxRows: number;
  maxBytes: number;
  poolSize: number;
  connectTimeoutMs: number;
  /** 0 turns the result cache off. */
  cacheTtlMs: number;
  /** Size bound of the in-process result cache (Redis bounds itself). */
  cacheMaxBytes: number;
}

type Env = Record<string, string | undefined>;

export interface SettingSpec {
  name: string;
  /** Shown in the README; the default as a person would write it. */
  defaultText: string;
  description: string;
}

function fail(name: string, problem: string): never {
  throw new QuerentError('CONFIG_INVALID', `${name} ${problem}`, { setting: name });
}

function readPort(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) > 65535) fail(name, `must be a port number from 0 to 65535, got "${raw}"`);
  return Number(raw);
}

function readPositiveInt(env: Env, name: string, fallback: number, min = 1): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min) fail(name, `must be a whole number of at least ${min}, got "${raw}"`);
  return Number(raw);
}

function readEnum<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw)) fail(name, `must be one of ${allowed.join(', ')}, got "${raw}"`);
  return raw as T;
}

function readBoolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  fail(name, `must be true or false, got "${raw}"`);
}

function readUrl(env: Env, name: string, schemes: string[]): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    // Never echo the value: it may hold a password.
    fail(name, `is not a valid URL; expected ${schemes.map((s) => `${s}//…`).join(' or ')}`);
  }
  if (!schemes.includes(parsed.protocol)) {
    fail(name, `must start with ${schemes.map((s) => `${s}//`).join(' or ')}, got "${parsed.protocol}//…"`);
  }
  return raw;
}

function subgraphUrlName(name: SubgraphName): string {
  return `QUERENT_${name.toUpperCase()}_URL`;
}

export const SETTING_SPECS: SettingSpec[] = [
  { name: 'PORT', defaultText: '4000', description: 'Port of the gateway (GraphQL, subscriptions, health, web page). In `start:subgraph`, the port of that subgraph (default 4001–4005).' },
  { name: 'HOST', defaultText: '127.0.0.1', description: 'Interface to listen on. Use 0.0.0.0 to accept connections from other machines.' },
  { name: 'QUERENT_MODE', defaultText: 'embedded', description: '`embedded` runs the gateway and all five subgraphs in one process; `gateway` runs only the gateway and reaches the subgraphs at `QUERENT_<NAME>_URL`.' },
  { name: 'QUERENT_DATA_DIR', defaultText: './data', description: 'Holds the SQLite store (querent.db), the generated secret (secret.key, mode 0600) and the demo database (demo.db).' },
  { name: 'DATABASE_URL', defaultText: '(unset: SQLite file in QUERENT_DATA_DIR)', description: "Querent's own store. `postgresql://user:pass@host:5432/db` uses PostgreSQL; `file:/path/querent.db` a specific SQLite file." },
  { name: 'REDIS_URL', defaultText: '(unset: in-process bus)', description: 'Redis for the event bus (progress and change events across processes), e.g. `redis://127.0.0.1:6379`. Required when subgraphs run as separate processes.' },
  { name: 'QUERENT_SECRET', defaultText: '(embedded: generated)', description: 'Key that encrypts stored connection URLs (AES-256-GCM); at least 32 characters. Required when DATABASE_URL is set; the embedded default generates one into QUERENT_DATA_DIR/secret.key.' },
  { name: 'QUERENT_LOG_LEVEL', defaultText: 'info', description: 'debug, info, warn, error or silent.' },
  { name: 'QUERENT_DEMO', defaultText: 'true', description: 'Generate the demo retail database on first start and register it as the default connection.' },
  { name: 'QUERENT_DEFAULT_ROLE', defaultText: 'admin', description: 'Until authentication lands: the role of a request that sends no `x-querent-role` header (viewer, analyst or admin). Admin may add and remove databases.' },
  { name: 'QUERENT_CATALOG_TTL_SCHEMAS_S', defaultText: '600', description: 'Schema memory, level 1: seconds a schema list is trusted before it is listed again.' },
  { name: 'QUERENT_CATALOG_TTL_TABLES_S', defaultText: '300', description: 'Schema memory, levels 2 and 3: seconds a schema\'s tables and structures are trusted before the schema is probed again (one cheap query; only changed tables are re-read).' },
  { name: 'QUERENT_CATALOG_PROBE_INTERVAL_S', defaultText: '0 (off)', description: 'When above 0, the catalog probes every discovered schema in the background this often and records what changed.' },
  { name: 'QUERENT_CATALOG_CONNECT_TIMEOUT_MS', defaultText: '10000', description: 'How long the catalog waits to connect to a database.' },
  { name: 'QUERENT_CATALOG_QUERY_TIMEOUT_MS', defaultText: '30000', description: 'Time limit of each catalog query against a database.' },
  { name: 'QUERENT_PROFILE_TABLE_BUDGET_MS', defaultText: '5000', description: 'Profiling: time budget of one table (estimate, count and sample included). A table that runs out is cancelled at the engine and recorded as failed; nothing of it is written.' },
  { name: 'QUERENT_PROFILE_DATABASE_BUDGET_MS', defaultText: '300000', description: 'Profiling: time budget of one job over all its tables; tables not reached in time are recorded as failed (the job ends PARTIAL).' },
  { name: 'QUERENT_PROFILE_SAMPLE_ROWS', defaultText: '5000', description: 'Profiling: rows a sample of a table over 10,000 rows aims at (1000–10000; `profileDatabase(sampleSize:)` overrides it). Smaller tables are read whole.' },
  { name: 'QUERENT_EXEC_TIMEOUT_MS', defaultText: '30000', description: 'Time limit of each SQL statement Querent runs (`executeSql`, answers); the engine cancels it after this long (QUERY_TIMEOUT).' },
  { name: 'QUERENT_EXEC_MAX_ROWS', defaultText: '5000', description: 'Rows a result holds at most; one more is read to mark it `truncated`.' },
  { name: 'QUERENT_EXEC_MAX_BYTES', defaultText: '10485760 (10 MB)', description: 'Size of a result (as JSON) at most; rows past it are dropped and the result is marked `truncated`.' },
  { name: 'QUERENT_EXEC_POOL_SIZE', defaultText: '4', description: 'Connections execution keeps open at most per registered database (network engines).' },
  { name: 'QUERENT_EXEC_CONNECT_TIMEOUT_MS', defaultText: '10000', description: 'How long execution waits to connect to a database.' },
  { name: 'QUERENT_EXEC_CACHE_TTL_S', defaultText: '300', description: 'Seconds a cached result may be served (while the catalog fingerprints and the data version are unchanged); 0 turns the result cache off. The cache lives in Redis when REDIS_URL is set, in the process otherwise.' },
  { name: 'QUERENT_EXEC_CACHE_MAX_MB', defaultText: '64', description: 'Size of the in-process result cache; the least recently used results go first. Ignored with Redis.' },
  { name: 'QUERENT_SUBGRAPH_TIMEOUT_MS', defaultText: '15000', description: 'How long the gateway waits for a subgraph before answering with SUBGRAPH_TIMEOUT.' },
  { name: 'QUERENT_HEALTH_INTERVAL_MS', defaultText: '5000', description: 'How often the gateway checks subgraph health and retries composition while one is down.' },
  { name: 'QUERENT_URL', defaultText: 'http://127.0.0.1:4000', description: 'Where the `querent` CLI finds the gateway.' },
  { name: 'PINECONE_API_KEY', defaultText: '(unset: embedded index)', description: 'When set, approved DataPoints are indexed in Pinecone (index `QUERENT_PINECONE_INDEX`) instead of Querent\'s own store. The key is never logged or shown.' },
  { name: 'QUERENT_PINECONE_INDEX', defaultText: 'querent', description: 'The existing Pinecone index DataPoints go to (one namespace per use). Its dimension must match the embedding: the local embedding adapts to it; a provider\'s model must match it.' },
  { name: 'QUERENT_PINECONE_CONTROLLER_URL', defaultText: '(unset: https://api.pinecone.io)', description: 'Pinecone\'s control plane, for Pinecone Local or a proxy.' },
  { name: 'OPENAI_API_KEY', defaultText: '(unset: no LLM)', description: 'Key of an OpenAI-compatible endpoint. When set, the LLM planner and DataPoint enrichment use `QUERENT_LLM_MODEL` and embeddings use `QUERENT_EMBEDDING_MODEL`; unset, the offline planner answers and embeddings are local. Endpoints that need no key take any non-empty value. Never logged or shown.' },
  { name: 'OPENAI_BASE_URL', defaultText: '(unset: https://api.openai.com/v1)', description: 'Base URL of the OpenAI-compatible endpoint, up to the version, e.g. `http://127.0.0.1:11434/v1` (Ollama) or a vLLM/LiteLLM server.' },
  { name: 'QUERENT_LLM_MODEL', defaultText: 'gpt-4o-mini', description: 'Chat model asked for plans and descriptions.' },
  { name: 'QUERENT_EMBEDDING_MODEL', defaultText: 'text-embedding-3-small', description: 'Embedding model for the vector index when a key is set; `none` for an endpoint without embeddings (the local embedding is used).' },
  { name: 'QUERENT_LLM_TIMEOUT_MS', defaultText: '60000', description: 'Time limit of each language model request (LLM_TIMEOUT); a timed-out request is not retried.' },
  { name: 'QUERENT_LLM_REPAIR_ATTEMPTS', defaultText: '2', description: 'Times (0–10) the LLM planner is asked to repair its SQL after the SQL guard refused it or the database answered with an error, each time with the reason; then the run reports the refusal or error.' },
  { name: 'QUERENT_LLM_MAX_RETRIES', defaultText: '2', description: 'Retries (0–10) of a language model request after a connection error or HTTP 408/409/429/5xx, with exponential backoff honouring Retry-After; then LLM_UNAVAILABLE.' },
  ...SUBGRAPH_NAMES.map((name) => ({
    name: subgraphUrlName(name),
    defaultText: `http://127.0.0.1:${SUBGRAPH_DEFAULT_PORTS[name]}/graphql`,
    description: `Gateway mode: where the ${name} subgraph serves GraphQL. Ignored in embedded mode.`,
  })),
];

/** Reads and validates the environment; the first problem found stops start-up with a QuerentError naming the variable. */
export function loadSettings(env: Env = process.env, cwd: string = process.cwd()): Settings {
  const known = new Set(SETTING_SPECS.map((s) => s.name));
  for (const key of Object.keys(env)) {
    // A mistyped QUERENT_ variable would otherwise be silently ignored.
    if (key.startsWith('QUERENT_') && !known.has(key) && !key.startsWith('QUERENT_TEST_')) {
      fail(key, `is not a Querent setting; known QUERENT_ settings are ${[...known].filter((k) => k.startsWith('QUERENT_')).join(', ')}`);
    }
  }
  const databaseUrl = readUrl(env, 'DATABASE_URL', ['postgresql:', 'postgres:', 'file:']);
  const secret = env.QUERENT_SECRET === '' ? undefined : env.QUERENT_SECRET;
  if (secret !== undefined && secret.length < 32) fail('QUERENT_SECRET', 'must be at least 32 characters long');
  const subgraphUrls = {} as Record<SubgraphName, string>;
  for (const name of SUBGRAPH_NAMES) {
    subgraphUrls[name] = readUrl(env, subgraphUrlName(name), ['http:', 'https:']) ?? `http://127.0.0.1:${SUBGRAPH_DEFAULT_PORTS[name]}/graphql`;
  }
  return {
    port: readPort(env, 'PORT', 4000),
    host: env.HOST || '127.0.0.1',
    mode: readEnum(env, 'QUERENT_MODE', ['embedded', 'gateway'] as const, 'embedded'),
    dataDir: path.resolve(cwd, env.QUERENT_DATA_DIR || './data'),
    databaseUrl,
    redisUrl: readUrl(env, 'REDIS_URL', ['redis:', 'rediss:']),
    secret,
    logLevel: readEnum(env, 'QUERENT_LOG_LEVEL', ['debug', 'info', 'warn', 'error', 'silent'] as const, 'info'),
    demo: readBoolean(env, 'QUERENT_DEMO', true),
    defaultRole: readEnum(env, 'QUERENT_DEFAULT_ROLE', ['viewer', 'analyst', 'admin'] as const, 'admin'),
    catalog: {
      ttlSchemasMs: readPositiveInt(env, 'QUERENT_CATALOG_TTL_SCHEMAS_S', 600, 0) * 1000,
      ttlTablesMs: readPositiveInt(env, 'QUERENT_CATALOG_TTL_TABLES_S', 300, 0) * 1000,
      probeIntervalMs: readPositiveInt(env, 'QUERENT_CATALOG_PROBE_INTERVAL_S', 0, 0) * 1000,
      connectTimeoutMs: readPositiveInt(env, 'QUERENT_CATALOG_CONNECT_TIMEOUT_MS', 10000, 100),
      queryTimeoutMs: readPositiveInt(env, 'QUERENT_CATALOG_QUERY_TIMEOUT_MS', 30000, 100),
    },
    profiling: {
      tableBudgetMs: readPositiveInt(env, 'QUERENT_PROFILE_TABLE_BUDGET_MS', 5000, 100),
      databaseBudgetMs: readPositiveInt(env, 'QUERENT_PROFILE_DATABASE_BUDGET_MS', 300000, 100),
      sampleRows: readPositiveInt(env, 'QUERENT_PROFILE_SAMPLE_ROWS', 5000, 1000),
    },
    execution: {
      timeoutMs: readPositiveInt(env, 'QUERENT_EXEC_TIMEOUT_MS', 30000, 100),
      maxRows: readPositiveInt(env, 'QUERENT_EXEC_MAX_ROWS', 5000, 1),
      maxBytes: readPositiveInt(env, 'QUERENT_EXEC_MAX_BYTES', 10 * 1024 * 1024, 1024),
      poolSize: readPositiveInt(env, 'QUERENT_EXEC_POOL_SIZE', 4, 1),
      connectTimeoutMs: readPositiveInt(env, 'QUERENT_EXEC_CONNECT_TIMEOUT_MS', 10000, 100),
      cacheTtlMs: readPositiveInt(env, 'QUERENT_EXEC_CACHE_TTL_S', 300, 0) * 1000,
      cacheMaxBytes: readPositiveInt(env, 'QUERENT_EXEC_CACHE_MAX_MB', 64, 1) * 1024 * 1024,
    },
    subgraphUrls,
    subgraphTimeoutMs: readPositiveInt(env, 'QUERENT_SUBGRAPH_TIMEOUT_MS', 15000, 100),
    healthIntervalMs: readPositiveInt(env, 'QUERENT_HEALTH_INTERVAL_MS', 5000, 100),
    vectorIndex: {
      pinecone: env.PINECONE_API_KEY
        ? { apiKey: env.PINECONE_API_KEY, indexName: env.QUERENT_PINECONE_INDEX || 'querent', controllerHostUrl: readUrl(env, 'QUERENT_PINECONE_CONTROLLER_URL', ['http:', 'https:']) }
        : null,
    },
    llm: readLlmSettings(env),
    planning: { llmRepairAttempts: readRepairAttempts(env) },
  };
}

function readRepairAttempts(env: Env): number {
  const attempts = readPositiveInt(env, 'QUERENT_LLM_REPAIR_ATTEMPTS', 2, 0);
  if (attempts > 10) fail('QUERENT_LLM_REPAIR_ATTEMPTS', `must be at most 10, got "${attempts}"`);
  return attempts;
}

function readLlmSettings(env: Env): LlmSettings {
  const maxRetries = readPositiveInt(env, 'QUERENT_LLM_MAX_RETRIES', 2, 0);
  if (maxRetries > 10) fail('QUERENT_LLM_MAX_RETRIES', `must be at most 10, got "${maxRetries}"`);
  const embeddingModel = env.QUERENT_EMBEDDING_MODEL || 'text-embedding-3-small';
  return {
    apiKey: env.OPENAI_API_KEY || undefined,
    baseUrl: readUrl(env, 'OPENAI_BASE_URL', ['http:', 'https:']),
    model: env.QUERENT_LLM_MODEL || 'gpt-4o-mini',
    embeddingModel: embeddingModel.toLowerCase() === 'none' ? undefined : embeddingModel,
    timeoutMs: readPositiveInt(env, 'QUERENT_LLM_TIMEOUT_MS', 60000, 100),
    maxRetries,
  };
}

/** True when Querent runs on its self-contained default: SQLite store, generated secret. */
export function isEmbeddedStore(settings: Settings): boolean {
  return settings.databaseUrl === undefined || settings.databaseUrl.startsWith('file:');
}
