// The port through which the ask workflow validates and runs SQL in the execution subgraph.
import type { Role } from '@querent/common';

export interface SqlCheck {
  accepted: boolean;
  code: string;
  reason: string;
}

export interface ExecutedRun {
  id: string;
  status: string;
  rowCount: number | null;
  truncated: boolean;
  durationMs: number | null;
  columns: { name: string; type: string }[];
  rows: unknown[][];
  error: { code: string; message: string; details?: Record<string, unknown> } | null;
}

export interface ExecutionPort {
  checkSql(databaseId: string, sql: string): Promise<SqlCheck>;
  executeSql(databaseId: string, sql: string, question: string | null, role: Role, signal: AbortSignal): Promise<ExecutedRun>;
}

/** What the later steps (chart, insight) can do; a subgraph that does not advertise a capability is skipped. */
export interface ServiceCapabilities {
  capabilitiesOf(service: 'visualization' | 'insight'): Promise<string[]>;
}
