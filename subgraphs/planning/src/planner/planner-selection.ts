// Chooses the planner a question uses: the LLM planner when a language model is configured (it falls back to the
// offline planner per question when the model cannot be reached), else the offline planner.
import type { LlmClient, Logger } from '@querent/common';
import { LlmPlanner, type SqlGuardPort } from './llm-planner';
import type { Planner } from './planner';
import type { ExampleSource } from './run-history-examples';

export type PlannerKind = 'llm' | 'offline';

export interface PlannerSelectionPorts {
  /** createLlmClient's answer: null when no key is configured. */
  llm: LlmClient | null;
  offline: Planner;
  /** The execution subgraph's SQL guard (ExecutionPort fits). */
  guard?: SqlGuardPort | null;
  /** Few-shot examples, e.g. RunHistoryExampleSource over the ask runs. */
  examples?: ExampleSource | null;
  /** QUERENT_LLM_REPAIR_ATTEMPTS. */
  repairAttempts?: number;
  logger?: Logger;
}

export function selectPlanner(ports: PlannerSelectionPorts): () => { planner: Planner; kind: PlannerKind } {
  if (!ports.llm) {
    const offline = { planner: ports.offline, kind: 'offline' as const };
    return () => offline;
  }
  const llm = {
    planner: new LlmPlanner({ llm: ports.llm, fallback: ports.offline, guard: ports.guard, examples: ports.examples, repairAttempts: ports.repairAttempts, logger: ports.logger }),
    kind: 'llm' as const,
  };
  return () => llm;
}
