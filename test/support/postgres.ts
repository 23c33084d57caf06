// Owns throwaway PostgreSQL databases for tests: one uniquely named database per call, dropped on request.
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** Trust-auth superuser on the test machine; QUERENT_TEST_PG_URL points the tests at another server. */
export const TEST_PG_ADMIN_URL = process.env.QUERENT_TEST_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

async function withAdmin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: TEST_PG_ADMIN_URL, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function createTempPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  // Time plus randomness: parallel test files and leftovers from a killed run must never collide.
  const name = `querent_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  await withAdmin((client) => client.query(`CREATE DATABASE "${name}"`));
  const url = new URL(TEST_PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () =>
      withAdmin(async (client) => {
        // A pool the test forgot to close would otherwise make DROP DATABASE fail.
        await client.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [
          name,
        ]);
        await client.query(`DROP DATABASE IF EXISTS "${name}"`);
      }),
  };
}
