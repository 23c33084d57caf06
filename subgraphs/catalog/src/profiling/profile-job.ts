// Runs profiling jobs: one at a time per database, table after table within a per-table and a per-database time
// budget, with progress on the bus, cancellable at any moment. A table's profile is written (in one transaction) only
// once the whole table is done, so a cancelled or failed job leaves finished tables profiled and nothing half-written.
import crypto from 'node:crypto';
import { isQuerentError, QuerentError, TOPICS, type DialectSampling, type EventBus, type Logger, type ProfileProgressPayload, type ReadOnlyExecutor } from '@querent/common';
import type { ProfileTargetSource } from './profile-targets';
import { FINISHED_JOB_STATUSES, type ProfileJobRecord, type ProfileJobStatus, type ProfileRepository, type StoredTableProfile, type TableRef } from './profile-repository';
import { clampSampleRows, TableProfiler, type ProfileTarget, type TableSize } from './table-profiler';

/** A table is re-profiled when its structure fingerprint changed or its row measure moved by more than this share. */
export const REPROFILE_ROW_CHANGE = 0.2;

export interface ProfileBudgets {
  /** Time limit of one table, measuring included. */
  tableMs: number;
  /** Time limit of one job over all its tables. */
  databaseMs: number;
  /** Rows a sample of a large table aims at when the request names none. */
  sampleRows: number;
}

export interface OpenedExecutor {
  executor: ReadOnlyExecutor;
  sampling: DialectSampling;
}

export interface ProfileJobPorts {
  repository: ProfileRepository;
  targets: ProfileTargetSource;
  /** Opens a read-only executor on a registered database (closed by the job when it ends). */
  openExecutor: (connectionId: string) => Promise<OpenedExecutor>;
  bus: EventBus;
  logger: Logger;
  budgets: ProfileBudgets;
  now?: () => number;
  random?: () => number;
}

export interface ProfileRequest {
  connectionId: string;
  /** "schema.table", "table" (default schema) or "schema.*"; null or empty for every table of the default schema. */
  tables?: readonly string[] | null;
  sampleSize?: number | null;
  /** Re-profile even tables whose fingerprint and row measure did not move. */
  force?: boolean;
  requestedBy?: string | null;
}

/** True when a stored profile still describes the table: same structure and a row measure within ±20%. */
export function profileIsCurrent(stored: StoredTableProfile | undefined, fingerprint: string, size: TableSize): boolean {
  if (!stored || stored.fingerprint !== fingerprint || stored.rowEstimate === null) return false;
  const before = stored.rowEstimate;
  const after = size.measure;
  if (before === after) return true;
  return Math.abs(after - before) / Math.max(before, 1) <= REPROFILE_ROW_CHANGE;
}

interface RunningJob {
  record: ProfileJobRecord;
  targets: TableRef[];
  abort: AbortController;
  done: Promise<ProfileJobRecord>;
}

export class ProfileJobs {
  private readonly running = new Map<string, RunningJob>();
  /** The tail of each database's queue: jobs of one database run one after the other. */
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly now: () => number;

  constructor(private readonly ports: ProfileJobPorts) {
    this.now = ports.now ?? Date.now;
  }

  /** Validates the request and queues the job; resolves with it as PENDING (or RUNNING when nothing was ahead). */
  async start(request: ProfileRequest): Promise<ProfileJobRecord> {
    if (request.sampleSize !== undefined && request.sampleSize !== null && (!Number.isInteger(request.sampleSize) || request.sampleSize < 1)) {
      throw new QuerentError('BAD_INPUT', `sampleSize must be a whole number; samples take between 1,000 and 10,000 rows, got ${request.sampleSize}`);
    }
    const targets = await this.ports.targets.resolve(request.connectionId, request.tables ?? null);
    const record: ProfileJobRecord = {
      id: crypto.randomUUID(),
      connectionId: request.connectionId,
      status: 'PENDING',
      tables: request.tables && request.tables.length > 0 ? [...request.tables] : null,
      sampleSize: clampSampleRows(request.sampleSize ?? this.ports.budgets.sampleRows),
      force: Boolean(request.force),
      requestedBy: request.requestedBy ?? null,
      tablesTotal: targets.length,
      tablesDone: 0,
      tablesProfiled: 0,
      tablesUnchanged: 0,
      tablesFailed: 0,
      rowsRead: 0,
      error: null,
      startedAt: new Date(this.now()),
      finishedAt: null,
    };
    await this.ports.repository.createJob(record);
    const abort = new AbortController();
    const previous = this.queues.get(request.connectionId) ?? Promise.resolve();
    const job: RunningJob = { record, targets, abort, done: Promise.resolve(record) };
    job.done = previous.catch(() => undefined).then(() => this.run(job));
    this.queues.set(request.connectionId, job.done);
    this.running.set(record.id, job);
    job.done
      .finally(() => {
        this.running.delete(record.id);
        if (this.queues.get(request.connectionId) === job.done) this.queues.delete(request.connectionId);
      })
      .catch(() => undefined);
    return { ...record };
  }

  /** The job as it stands. */
  async get(id: string): Promise<ProfileJobRecord | null> {
    const live = this.running.get(id);
    return live ? { ...live.record } : this.ports.repository.getJob(id);
  }

  /** Resolves once the job has finished, with its final record. */
  async wait(id: string): Promise<ProfileJobRecord> {
    const live = this.running.get(id);
    if (live) return live.done;
    const stored = await this.ports.repository.getJob(id);
    if (!stored) throw new QuerentError('NOT_FOUND', `no profiling job ${id}`);
    return stored;
  }

  /** Cancels a job (its running statement is cancelled at the engine) and resolves once it has stopped. */
  async cancel(id: string): Promise<ProfileJobRecord> {
    const live = this.running.get(id);
    if (!live) {
      const stored = await this.ports.repository.getJob(id);
      if (!stored) throw new QuerentError('NOT_FOUND', `no profiling job ${id}`);
      if (FINISHED_JOB_STATUSES.includes(stored.status)) return stored;
      throw new QuerentError('BAD_INPUT', `profiling job ${id} is not running in this process; it is ${stored.status}`);
    }
    live.abort.abort();
    return live.done;
  }

  /** Cancels every job and waits for them to stop (service shutdown). */
  async close(): Promise<void> {
    const jobs = [...this.running.values()];
    for (const job of jobs) job.abort.abort();
    await Promise.all(jobs.map((job) => job.done.catch(() => undefined)));
  }

  // ---- one job ---------------------------------------------------------------------------------------------

  private async run(job: RunningJob): Promise<ProfileJobRecord> {
    const { record } = job;
    const signal = job.abort.signal;
    const jobStart = this.now();
    const databaseDeadline = jobStart + this.ports.budgets.databaseMs;
    const failures: string[] = [];
    let opened: OpenedExecutor | null = null;
    try {
      if (signal.aborted) return await this.finish(job, 'CANCELLED', null);
      await this.update(job, { status: 'RUNNING', startedAt: new Date(jobStart) });
      await this.publish(job, 'STARTED', null, `profiling ${record.tablesTotal} table(s)`);
      opened = await this.ports.openExecutor(record.connectionId);
      const profiler = new TableProfiler(opened.executor, opened.sampling);
      const stored = new Map((await this.ports.repository.tableProfiles(record.connectionId, job.targets)).map((p) => [`${p.schema}\u0000${p.table}`, p]));

      for (const [schema, names] of groupBySchema(job.targets)) {
        if (signal.aborted) break;
        const described = new Map((await this.ports.targets.describe(record.connectionId, schema, names)).map((t) => [t.name, t]));
        for (const name of names) {
          if (signal.aborted) break;
          const ref = { schema, table: name };
          const target = described.get(name);
          if (!target) {
            await this.tableFailed(job, ref, failures, new QuerentError('NOT_FOUND', `${schema}.${name} no longer exists`));
            continue;
          }
          if (this.now() >= databaseDeadline) {
            await this.tableFailed(job, ref, failures, new QuerentError('PROFILE_BUDGET_EXCEEDED', `the database budget of ${this.ports.budgets.databaseMs} ms ran out before ${schema}.${name}`));
            continue;
          }
          await this.profileOne(job, profiler, target, stored.get(`${schema}\u0000${name}`), databaseDeadline, failures);
        }
      }
      if (signal.aborted) return await this.finish(job, 'CANCELLED', failures.length ? failures.join('; ') : null);
      const status: ProfileJobStatus = record.tablesFailed === 0 ? 'SUCCEEDED' : record.tablesProfiled + record.tablesUnchanged > 0 ? 'PARTIAL' : 'FAILED';
      return await this.finish(job, status, failures.length ? summarize(failures) : null);
    } catch (error) {
      if (signal.aborted) return await this.finish(job, 'CANCELLED', null);
      this.ports.logger.warn('profiling job failed', { jobId: record.id, databaseId: record.connectionId, error: (error as Error).message });
      return await this.finish(job, 'FAILED', describeError(error));
    } finally {
      await opened?.executor.close().catch(() => undefined);
    }
  }

  private async profileOne(job: RunningJob, profiler: TableProfiler, target: ProfileTarget, stored: StoredTableProfile | undefined, databaseDeadline: number, failures: string[]): Promise<void> {
    const { record } = job;
    const ref = { schema: target.schema, table: target.name };
    const options = {
      sampleRows: record.sampleSize,
      deadline: Math.min(this.now() + this.ports.budgets.tableMs, databaseDeadline),
      signal: job.abort.signal,
      random: this.ports.random,
      now: this.now,
    };
    try {
      const size = await profiler.measure({ schema: target.schema, name: target.name }, options);
      if (!record.force && profileIsCurrent(stored, target.fingerprint, size)) {
        record.tablesUnchanged += 1;
        record.tablesDone += 1;
        await this.update(job, counts(record));
        await this.publish(job, 'TABLE_UNCHANGED', ref, `${target.schema}.${target.name} unchanged since ${stored?.profiledAt.toISOString()}`);
        return;
      }
      const result = await profiler.profile(target, options, size);
      // Cancelled while the last statement returned: nothing of this table is written.
      if (job.abort.signal.aborted) return;
      await this.ports.repository.saveTableProfile(record.connectionId, result, { fingerprint: target.fingerprint, jobId: record.id, profiledAt: new Date(this.now()) });
      record.tablesProfiled += 1;
      record.tablesDone += 1;
      record.rowsRead += result.rowsRead;
      await this.update(job, counts(record));
      await this.publish(job, 'TABLE_PROFILED', ref, `${target.schema}.${target.name}: ${result.rowCountExact ? '' : '~'}${result.rowCount} rows, ${result.rowsSampled} read (${result.sampleMethod}) in ${result.durationMs} ms`);
    } catch (error) {
      if (job.abort.signal.aborted) return;
      await this.tableFailed(job, ref, failures, error);
    }
  }

  private async tableFailed(job: RunningJob, ref: TableRef, failures: string[], error: unknown): Promise<void> {
    const { record } = job;
    record.tablesFailed += 1;
    record.tablesDone += 1;
    failures.push(`${ref.schema}.${ref.table}: ${describeError(error)}`);
    await this.update(job, counts(record));
    await this.publish(job, 'TABLE_FAILED', ref, `${ref.schema}.${ref.table}: ${describeError(error)}`);
  }

  private async finish(job: RunningJob, status: ProfileJobStatus, error: string | null): Promise<ProfileJobRecord> {
    const finishedAt = new Date(this.now());
    await this.update(job, { status, error, finishedAt, ...counts(job.record) });
    const r = job.record;
    await this.publish(job, 'FINISHED', null, `${status.toLowerCase()}: ${r.tablesProfiled} profiled, ${r.tablesUnchanged} unchanged, ${r.tablesFailed} failed of ${r.tablesTotal}`);
    return { ...job.record };
  }

  private async update(job: RunningJob, fields: Partial<ProfileJobRecord>): Promise<void> {
    Object.assign(job.record, fields);
    await this.ports.repository.updateJob(job.record.id, fields);
  }

  private async publish(job: RunningJob, phase: ProfileProgressPayload['phase'], ref: TableRef | null, message: string): Promise<void> {
    const r = job.record;
    await this.ports.bus
      .publish(TOPICS.PROFILE_PROGRESS, {
        jobId: r.id,
        databaseId: r.connectionId,
        phase,
        status: r.status,
        schema: ref?.schema ?? null,
        table: ref?.table ?? null,
        tablesDone: r.tablesDone,
        tablesTotal: r.tablesTotal,
        rowsRead: r.rowsRead,
        message,
        at: new Date(this.now()).toISOString(),
      })
      .catch((error: Error) => this.ports.logger.warn('could not publish profiling progress', { error: error.message }));
  }
}

function counts(r: ProfileJobRecord) {
  return { tablesDone: r.tablesDone, tablesProfiled: r.tablesProfiled, tablesUnchanged: r.tablesUnchanged, tablesFailed: r.tablesFailed, rowsRead: r.rowsRead };
}

function groupBySchema(refs: readonly TableRef[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const ref of refs) groups.set(ref.schema, [...(groups.get(ref.schema) ?? []), ref.table]);
  return groups;
}

function describeError(error: unknown): string {
  return isQuerentError(error) ? `${error.code}: ${error.message}` : error instanceof Error ? error.message : String(error);
}

/** The first few failures in full, then how many more: a job over 2,000 tables must not store a megabyte of errors. */
function summarize(failures: readonly string[]): string {
  const shown = failures.slice(0, 5).join('; ');
  return failures.length > 5 ? `${shown}; and ${failures.length - 5} more table(s) failed` : shown;
}
