// The planner agent: route → plan → validate → execute → chart → insight, with progress on the bus, cancellation,
// timeouts on every cross-subgraph call (in the ports), and one re-plan after the schema moved under a plan.
import crypto from 'node:crypto';
import { asQuerentError, QuerentError, TOPICS, type EventBus, type Role, type Logger, type WorkflowStepName, type WorkflowStepStatus } from '@querent/common';
import type { CatalogReader } from '../catalog-access/catalog-reader';
import type { ExecutionPort, ServiceCapabilities } from '../execution-access/execution-port';
import type { PlanningContextBuilder } from '../context/planning-context-builder';
import type { Planner, PlanResult } from '../planner/planner';
import type { PlannerContext } from '../planner/planner-context';
import type { DatabaseRouter } from '../routing/database-router';
import { FINISHED_STATUSES, type AskRunRecord, type AskRunRepository, type AskRunStatus, type AskStep } from './ask-run';

export interface AskInput {
  question: string;
  /** A client-chosen UUID for the run (to subscribe to its progress first). */
  runId?: string | null;
  databaseId?: string | null;
  conversationId?: string | null;
}

export interface AskWorkflowPorts {
  router: DatabaseRouter;
  contexts: PlanningContextBuilder;
  catalog: CatalogReader;
  /** The planner to use now: the LLM planner when one is configured, else the offline planner. */
  planner: () => { planner: Planner; kind: string };
  execution: ExecutionPort;
  services: ServiceCapabilities;
  runs: AskRunRepository;
  bus: EventBus;
  logger: Logger;
  /** Times a planner with `repair` may re-plan from a database error within one run (QUERENT_LLM_REPAIR_ATTEMPTS). */
  repairAttempts?: number;
}

/** Longer questions are refused before planning: nobody types this much, and planning cost grows with it. */
export const MAX_QUESTION_LENGTH = 2000;
const SCHEMA_DRIFT_CODES = new Set(['UNKNOWN_TABLE', 'UNKNOWN_COLUMN']);
/** Errors that say the SQL itself was wrong, so a planner may learn from them (timeouts and connection trouble do not). */
const REPAIRABLE_CODES = new Set(['QUERY_FAILED', 'UNKNOWN_TABLE', 'UNKNOWN_COLUMN', 'SQL_REFUSED']);
export const DEFAULT_REPAIR_ATTEMPTS = 2;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class AskWorkflow {
  private readonly running = new Map<string, { controller: AbortController; done: Promise<AskRunRecord> }>();

  constructor(private readonly ports: AskWorkflowPorts) {}

  /** Starts a run; resolves with the record at once (RUNNING) and keeps working unless `wait` is set. */
  async ask(input: AskInput, options: { user: string | null; wait: boolean; role: Role }): Promise<AskRunRecord> {
    if (input.runId != null && !UUID.test(input.runId)) throw new QuerentError('BAD_INPUT', 'runId must be a UUID (for example from crypto.randomUUID()).');
    if (input.runId && (this.running.has(input.runId) || (await this.ports.runs.find(input.runId)))) {
      throw new QuerentError('BAD_INPUT', `An ask run with the id ${input.runId} exists already; choose a new UUID.`);
    }
    const run: AskRunRecord = {
      id: input.runId ?? crypto.randomUUID(),
      question: input.question,
      conversationId: input.conversationId ?? null,
      databaseId: input.databaseId ?? null,
      status: 'RUNNING',
      plannerKind: null,
      route: null,
      plan: null,
      steps: [],
      queryRunId: null,
      error: null,
      user: options.user,
      feedbackCorrect: null,
      correctedSql: null,
      createdAt: new Date(),
      finishedAt: null,
    };
    await this.ports.runs.save(run);
    const controller = new AbortController();
    const done = this.execute(run, controller.signal, options.role).finally(() => this.running.delete(run.id));
    this.running.set(run.id, { controller, done });
    return options.wait ? done : { ...run, steps: [...run.steps] };
  }

  /** Plans without running anything: the route and the plan (or clarification) for a question. */
  async planOnly(input: AskInput): Promise<{ route: { databaseId: string; basis: string; reason: string }; plan: PlanResult }> {
    const question = input.question.trim();
    if (question.length === 0) throw new QuerentError('BAD_INPUT', 'The question is empty.');
    if (question.length > MAX_QUESTION_LENGTH) throw new QuerentError('BAD_INPUT', `The question is ${question.length} characters long; the limit is ${MAX_QUESTION_LENGTH}.`);
    const decision = await this.ports.router.route(question, { databaseId: input.databaseId, conversationId: input.conversationId });
    const built = await this.ports.contexts.build(decision.database.id, decision.database.dialect, question);
    const plan = await this.ports.planner().planner.plan(question, built.context);
    return { route: { databaseId: decision.database.id, basis: decision.basis, reason: decision.reason }, plan };
  }

  /** Cancels a running run; returns false when it is not running (finished, unknown, or in another process). */
  cancel(runId: string): boolean {
    const entry = this.running.get(runId);
    if (!entry) return false;
    entry.controller.abort();
    return true;
  }

  /** Resolves when the run finishes (for tests and `wait`). */
  async settled(runId: string): Promise<AskRunRecord | null> {
    const entry = this.running.get(runId);
    return entry ? entry.done : this.ports.runs.find(runId);
  }

  private async execute(run: AskRunRecord, signal: AbortSignal, role: Role): Promise<AskRunRecord> {
    try {
      const question = run.question.trim();
      if (question.length === 0) return await this.finish(run, 'UNANSWERABLE', { code: 'BAD_INPUT', message: 'The question is empty. Ask something about your data, for example "How many orders were placed last month?"' });
      if (question.length > MAX_QUESTION_LENGTH) {
        return await this.finish(run, 'UNANSWERABLE', { code: 'BAD_INPUT', message: `The question is ${question.length} characters long; the limit is ${MAX_QUESTION_LENGTH}. Ask one thing at a time.` });
      }

      const route = await this.step(run, 'route', signal, async () => {
        const decision = await this.ports.router.route(question, { databaseId: run.databaseId, conversationId: run.conversationId });
        run.databaseId = decision.database.id;
        run.route = { basis: decision.basis, reason: decision.reason };
        return { value: decision, message: `Using ${decision.database.name}: ${decision.reason}.` };
      });

      let replanned = false;
      let planSchema: string | null = null;
      let planContext: PlannerContext | null = null;
      let repairs = 0;
      let repairing: { planner: Planner; kind: string; context: PlannerContext; sql: string; error: { code: string; message: string } } | null = null;
      const repairBudget = this.ports.repairAttempts ?? DEFAULT_REPAIR_ATTEMPTS;
      for (;;) {
        const selected: { planner: Planner; kind: string } = repairing ?? this.ports.planner();
        const { planner, kind } = selected;
        run.plannerKind = kind;
        const repair: typeof repairing = repairing;
        repairing = null;
        const plan = await this.step(run, 'plan', signal, async (): Promise<{ value: PlanResult; message: string }> => {
          if (repair?.planner.repair) {
            const result = await repair.planner.repair(question, repair.context, repair.sql, repair.error);
            run.plan = result;
            return { value: result, message: `Planned again from the database's error (repair ${repairs} of ${repairBudget}): ${describePlan(result, null, null)}` };
          }
          const built = await this.ports.contexts.build(route.database.id, route.database.dialect, question);
          planSchema = built.schema;
          planContext = built.context;
          const result = await planner.plan(question, built.context);
          run.plan = result;
          return { value: result, message: describePlan(result, built.tablesDescribed, built.tablesInSchema) };
        });
        if (plan.kind === 'clarification') return await this.finish(run, 'NEEDS_CLARIFICATION', null, ['validate', 'execute', 'chart', 'insight']);
        if (plan.kind === 'unanswerable') return await this.finish(run, 'UNANSWERABLE', null, ['validate', 'execute', 'chart', 'insight']);
        if (plan.kind === 'sql' && role === 'viewer') {
          return await this.finish(run, 'REFUSED', { code: 'FORBIDDEN', message: 'The question is SQL; running your own SQL needs the analyst role. Ask in plain words instead.' }, ['validate', 'execute', 'chart', 'insight']);
        }
        const sql = plan.sql;

        const check = await this.step(run, 'validate', signal, async () => {
          const verdict = await this.ports.execution.checkSql(route.database.id, sql);
          return { value: verdict, message: verdict.accepted ? 'The SQL guard accepted the statement (one read-only query).' : `The SQL guard refused it: ${verdict.reason}`, status: verdict.accepted ? 'DONE' : 'FAILED' };
        });
        if (!check.accepted) return await this.finish(run, 'REFUSED', { code: check.code, message: check.reason }, ['execute', 'chart', 'insight']);

        const executed = await this.step(run, 'execute', signal, async () => {
          const result = await this.ports.execution.executeSql(route.database.id, sql, question, executionRole(role), signal);
          run.queryRunId = result.id;
          const failed = result.error !== null;
          const message = failed
            ? `The database answered with an error: ${result.error?.message}`
            : `${result.rowCount ?? result.rows.length} row(s)${result.truncated ? ' (truncated)' : ''} in ${result.durationMs ?? 0} ms.`;
          return { value: result, message, status: failed ? 'FAILED' : 'DONE' };
        });
        if (executed.error) {
          const canRepair = Boolean(planner.repair) && plan.kind === 'plan' && planContext !== null && repairs < repairBudget && REPAIRABLE_CODES.has(executed.error.code);
          if (!replanned && SCHEMA_DRIFT_CODES.has(executed.error.code)) {
            replanned = true;
            const details = executed.error.details ?? {};
            const table = typeof details.table === 'string' ? details.table : null;
            const schema = typeof details.schema === 'string' ? details.schema : planSchema;
            const refreshed = await this.ports.catalog.refresh(route.database.id, schema, table);
            // The memory was right (nothing changed): the plan named something that never existed. A planner that can
            // repair gets the database's error; planning from the same memory again would repeat the mistake.
            if (refreshed.changeCount !== 0 || !canRepair) {
              this.progress(run, 'plan', 'RUNNING', `The schema seems to have changed (${executed.error.message}); re-read ${table ?? 'the schema'} and planning again.`);
              continue;
            }
          }
          if (planner.repair && plan.kind === 'plan' && planContext && repairs < repairBudget && REPAIRABLE_CODES.has(executed.error.code)) {
            repairs += 1;
            repairing = { planner, kind, context: planContext, sql, error: { code: executed.error.code, message: executed.error.message } };
            this.progress(run, 'plan', 'RUNNING', `The database refused the SQL (${executed.error.message}); asking the planner to repair it (${repairs} of ${repairBudget}).`);
            continue;
          }
          return await this.finish(run, 'FAILED', { code: executed.error.code, message: executed.error.message }, ['chart', 'insight']);
        }

        const later = [['chart', 'visualization', 'chart'], ['insight', 'insight', 'insight']] as const;
        // Both services are asked at once; a service that cannot be reached counts as not offering its step.
        const offered = await Promise.all(later.map(([, service]) => this.ports.services.capabilitiesOf(service).catch(() => [] as string[])));
        for (const [index, [step, service, capability]] of later.entries()) {
          if (!offered[index].includes(capability)) {
            this.record(run, step, 'SKIPPED', `The ${service} service does not provide ${capability === 'chart' ? 'charts' : 'insights'} yet; the answer is the SQL and its rows.`);
          }
        }
        return await this.finish(run, 'ANSWERED', null);
      }
    } catch (error) {
      if (signal.aborted) return this.finish(run, 'CANCELLED', { code: 'CANCELLED', message: 'The question was cancelled.' });
      const failure = asQuerentError(error);
      this.ports.logger.warn('ask run failed', { runId: run.id, code: failure.code, error: failure.message });
      return this.finish(run, failure.code === 'NO_DATABASE' ? 'UNANSWERABLE' : 'FAILED', { code: failure.code, message: failure.message });
    }
  }

  /** Runs one step: RUNNING event, the work, then DONE/FAILED with its message; aborts between steps. */
  private async step<T>(run: AskRunRecord, name: WorkflowStepName, signal: AbortSignal, work: () => Promise<{ value: T; message: string; status?: WorkflowStepStatus }>): Promise<T> {
    if (signal.aborted) throw new QuerentError('CANCELLED', 'The question was cancelled.');
    const step = this.record(run, name, 'RUNNING', `${name}…`);
    try {
      const { value, message, status } = await raceAbort(work(), signal);
      this.close(run, step, status ?? 'DONE', message);
      await this.ports.runs.save(run);
      return value;
    } catch (error) {
      this.close(run, step, signal.aborted ? 'CANCELLED' : 'FAILED', signal.aborted ? 'cancelled' : asQuerentError(error).message);
      throw error;
    }
  }

  private record(run: AskRunRecord, name: WorkflowStepName, status: WorkflowStepStatus, message: string): AskStep {
    const now = new Date().toISOString();
    const step: AskStep = { name, status, message, startedAt: now, finishedAt: status === 'RUNNING' ? null : now };
    run.steps.push(step);
    this.progress(run, name, status, message);
    return step;
  }

  private close(run: AskRunRecord, step: AskStep, status: WorkflowStepStatus, message: string): void {
    step.status = status;
    step.message = message;
    step.finishedAt = new Date().toISOString();
    this.progress(run, step.name, status, message);
  }

  private progress(run: AskRunRecord, step: WorkflowStepName, status: WorkflowStepStatus, message: string): void {
    void this.ports.bus
      .publish(TOPICS.WORKFLOW_PROGRESS, { runId: run.id, step, status, message, runStatus: run.status, at: new Date().toISOString() })
      .catch((error: Error) => this.ports.logger.warn('could not publish workflow progress', { error: error.message }));
  }

  private async finish(run: AskRunRecord, status: AskRunStatus, error: { code: string; message: string } | null, skipped: WorkflowStepName[] = []): Promise<AskRunRecord> {
    for (const name of skipped) this.record(run, name, 'SKIPPED', `not run: the run ended as ${status.toLowerCase().replace(/_/g, ' ')}`);
    run.status = status;
    run.error = error;
    run.finishedAt = new Date();
    if (!FINISHED_STATUSES.includes(status)) throw new QuerentError('INTERNAL', `unknown final status ${status}`);
    await this.ports.runs.save(run);
    // The last event carries the final status so a subscriber knows the run is over.
    const last = run.steps[run.steps.length - 1];
    this.progress(run, last?.name ?? 'route', last?.status ?? 'DONE', `finished: ${status}`);
    return { ...run, steps: [...run.steps] };
  }
}

function describePlan(result: PlanResult, described: number | null, inSchema: number | null): string {
  const read = described === null ? 'the same tables' : `read the structure of ${described} of ${inSchema} table(s)`;
  switch (result.kind) {
    case 'plan':
      return `${result.explanation} (${read})`;
    case 'sql':
      return `The question is SQL already; it goes to the guard unchanged (${result.reason}).`;
    case 'clarification':
      return `Needs a clarification: ${result.question}`;
    case 'unanswerable':
      return `Cannot answer: ${result.reason}`;
  }
}

function raceAbort<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new QuerentError('CANCELLED', 'The question was cancelled.'));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new QuerentError('CANCELLED', 'The question was cancelled.'));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => { signal.removeEventListener('abort', onAbort); resolve(value); },
      (error) => { signal.removeEventListener('abort', onAbort); reject(error); },
    );
  });
}

/**
 * Generated SQL runs with at least the analyst role (a viewer may ask questions but not send raw SQL, and pasted SQL
 * from a viewer is refused above); PII stays masked unless the asker is an admin, because only admin has `pii`.
 */
function executionRole(role: Role): Role {
  return role === 'admin' ? 'admin' : 'analyst';
}
