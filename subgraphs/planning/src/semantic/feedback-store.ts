// The port through which feedback on past plans teaches the semantic mapping: a run judged correct confirms the
// terms it linked; a corrected SQL teaches which table, column or value a term meant. The ask workflow records
// feedback (`recordFeedback(runId, correct, correctedSql)`); the planner only reads the learned mappings.
import type { LearnedMapping } from '../planner/planner-context';

export interface PlanFeedback {
  runId: string;
  correct: boolean;
  /** The SQL a person corrected the plan to, when it was wrong. */
  correctedSql?: string | null;
}

export interface FeedbackStore {
  recordFeedback(runId: string, correct: boolean, correctedSql?: string | null): Promise<void>;
  /** Mappings learned for one database, strongest first. */
  learnedMappings(databaseId: string): Promise<LearnedMapping[]>;
}

/** Keeps feedback in memory: for tests and the embedded default before a persistent store is wired in. */
export class InMemoryFeedbackStore implements FeedbackStore {
  readonly feedback: PlanFeedback[] = [];
  private readonly mappings = new Map<string, LearnedMapping[]>();

  async recordFeedback(runId: string, correct: boolean, correctedSql?: string | null): Promise<void> {
    this.feedback.push({ runId, correct, correctedSql: correctedSql ?? null });
  }

  /** Records what a term meant (the workflow derives these from corrected SQL). */
  learn(databaseId: string, mapping: LearnedMapping): void {
    const list = this.mappings.get(databaseId) ?? [];
    const existing = list.find((m) => m.term === mapping.term && m.table === mapping.table && m.column === mapping.column && m.value === mapping.value);
    if (existing) existing.confidence = Math.min(1, Math.max(existing.confidence, mapping.confidence) + 0.1);
    else list.push({ ...mapping });
    list.sort((a, b) => b.confidence - a.confidence);
    this.mappings.set(databaseId, list);
  }

  async learnedMappings(databaseId: string): Promise<LearnedMapping[]> {
    return [...(this.mappings.get(databaseId) ?? [])];
  }
}
