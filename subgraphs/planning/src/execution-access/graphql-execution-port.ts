// ExecutionPort and ServiceCapabilities over the other subgraphs' GraphQL APIs, with the planning settings' time limits.
import type { Role, SubgraphClient } from '@querent/common';
import type { ExecutedRun, ExecutionPort, ServiceCapabilities, SqlCheck } from './execution-port';

export interface ExecutionCallSettings {
  /** Validation and capability look-ups. */
  timeoutMs: number;
  /** Running the SQL: the statement's own limit plus a margin. */
  executeTimeoutMs: number;
  retries: number;
  role: Role;
}

const RUN_FIELDS = 'id status rowCount truncated durationMs columns { name type } rows error { code message }';

export class GraphqlExecutionPort implements ExecutionPort, ServiceCapabilities {
  constructor(private readonly client: SubgraphClient, private readonly settings: ExecutionCallSettings) {}

  async checkSql(databaseId: string, sql: string): Promise<SqlCheck> {
    const data = await this.client.request<{ checkSql: SqlCheck }>(
      'execution',
      'query ($databaseId: ID!, $sql: String!) { checkSql(databaseId: $databaseId, sql: $sql) { accepted code reason } }',
      { databaseId, sql },
      { role: this.settings.role, timeoutMs: this.settings.timeoutMs, retries: this.settings.retries },
    );
    return data.checkSql;
  }

  async executeSql(databaseId: string, sql: string, question: string | null, role: Role, signal: AbortSignal): Promise<ExecutedRun> {
    // Never retried: a statement that reached the database once is not sent twice.
    const data = await this.client.request<{ executeSql: ExecutedRun & { status: string } }>(
      'execution',
      `mutation ($databaseId: ID!, $sql: String!, $question: String) { executeSql(databaseId: $databaseId, sql: $sql, question: $question) { ${RUN_FIELDS} } }`,
      { databaseId, sql, question },
      { role, timeoutMs: this.settings.executeTimeoutMs, retries: 0, signal },
    );
    return data.executeSql;
  }

  async capabilitiesOf(service: 'visualization' | 'insight'): Promise<string[]> {
    const field = `${service}Service`;
    const data = await this.client.request<Record<string, { capabilities: string[] }>>(service, `query { ${field} { capabilities } }`, {}, {
      role: this.settings.role,
      timeoutMs: this.settings.timeoutMs,
      retries: this.settings.retries,
    });
    return data[field]?.capabilities ?? [];
  }
}
