// AskRunRepository over Querent's Prisma store.
import type { PrismaStore } from '@querent/common';
import type { PlanResult } from '../planner/planner';
import type { AskRoute, AskRunRecord, AskRunRepository, AskRunStatus, AskStep } from './ask-run';

type Row = Awaited<ReturnType<PrismaStore['prisma']['askRun']['findUniqueOrThrow']>>;

/** The stored JSON: the steps and the route travel together so the record needs no extra column per field. */
interface StoredSteps {
  steps: AskStep[];
  route: AskRoute | null;
}

/** Every listing of runs is newest first, the id breaking ties of equal instants. */
const NEWEST_FIRST = [{ createdAt: 'desc' as const }, { id: 'desc' as const }];

export class PrismaAskRunRepository implements AskRunRepository {
  constructor(private readonly store: PrismaStore) {}

  async save(run: AskRunRecord): Promise<void> {
    const data = {
      connectionId: run.databaseId,
      conversationId: run.conversationId,
      question: run.question,
      status: run.status,
      plannerKind: run.plannerKind,
      plan: (run.plan ?? undefined) as object | undefined,
      steps: { steps: run.steps, route: run.route } as unknown as object,
      queryRunId: run.queryRunId,
      errorCode: run.error?.code ?? null,
      errorMessage: run.error?.message ?? null,
      user: run.user,
      finishedAt: run.finishedAt,
    };
    await this.store.prisma.askRun.upsert({ where: { id: run.id }, create: { id: run.id, createdAt: run.createdAt, ...data }, update: data });
  }

  async find(id: string): Promise<AskRunRecord | null> {
    const row = await this.store.prisma.askRun.findUnique({ where: { id } });
    return row ? toRecord(row) : null;
  }

  async lastDatabaseOf(conversationId: string): Promise<string | null> {
    const row = await this.store.prisma.askRun.findFirst({
      where: { conversationId, connectionId: { not: null } },
      orderBy: NEWEST_FIRST,
      select: { connectionId: true },
    });
    return row?.connectionId ?? null;
  }

  async recordFeedback(id: string, correct: boolean, correctedSql: string | null): Promise<AskRunRecord | null> {
    const exists = await this.store.prisma.askRun.findUnique({ where: { id }, select: { id: true } });
    if (!exists) return null;
    const row = await this.store.prisma.askRun.update({ where: { id }, data: { feedbackCorrect: correct, correctedSql } });
    return toRecord(row);
  }

  async feedbackRuns(databaseId: string, limit: number): Promise<AskRunRecord[]> {
    const rows = await this.store.prisma.askRun.findMany({ where: { connectionId: databaseId, feedbackCorrect: { not: null } }, orderBy: NEWEST_FIRST, take: limit });
    return rows.map(toRecord);
  }

  async successfulRuns(databaseId: string, limit: number): Promise<AskRunRecord[]> {
    const rows = await this.store.prisma.askRun.findMany({
      // An answered run counts unless someone said it was wrong (NULL is "no feedback"; `not: false` would drop it).
      where: { connectionId: databaseId, OR: [{ status: 'ANSWERED', feedbackCorrect: null }, { status: 'ANSWERED', feedbackCorrect: true }, { correctedSql: { not: null } }] },
      orderBy: NEWEST_FIRST,
      take: limit,
    });
    return rows.map(toRecord);
  }
}

function toRecord(row: Row): AskRunRecord {
  const stored = (row.steps ?? { steps: [], route: null }) as unknown as StoredSteps;
  return {
    id: row.id,
    question: row.question,
    conversationId: row.conversationId,
    databaseId: row.connectionId,
    status: row.status as AskRunStatus,
    plannerKind: row.plannerKind,
    route: stored.route ?? null,
    plan: (row.plan ?? null) as PlanResult | null,
    steps: stored.steps ?? [],
    queryRunId: row.queryRunId,
    error: row.errorCode ? { code: row.errorCode, message: row.errorMessage ?? '' } : null,
    user: row.user,
    feedbackCorrect: row.feedbackCorrect,
    correctedSql: row.correctedSql,
    createdAt: row.createdAt,
    finishedAt: row.finishedAt,
  };
}
