// Owns running user SELECTs on a SQLite file: a read-only, query_only handle in a child process (so a runaway
// statement can be killed, see sqlite-query-process.ts), one statement at a time, rows streamed up to the caps.
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { QuerentError } from '../../errors/querent-error';
import { ConnectionSlots } from '../connection-slots';
import { assertRegularFile, positiveMs } from '../file-url';
import { QueryDeadline } from '../query-deadline';
import type { ExecutorOptions, ReadOnlyExecutor, ReadOnlyQueryOptions, ReadOnlyResult } from '../read-only-executor';
import { ResultCollector } from '../result-collector';
import { openFailure, sqliteFilePath } from './sqlite-dialect';
import type { SqliteOpenRequest, SqliteProcessReply, SqliteQueryRequest } from './sqlite-query-process';

const QUERY_PROCESS = path.join(__dirname, 'sqlite-query-process.js');
const STDERR_TAIL_CHARS = 2_000;

/** `no such table: main.t` → schema main, table t. */
function unknownTableDetails(message: string): { table?: string; schema?: string } {
  const name = /no such table: (\S+)/.exec(message)?.[1];
  if (!name) return {};
  const dot = name.indexOf('.');
  return dot > 0 ? { schema: name.slice(0, dot), table: name.slice(dot + 1) } : { table: name };
}

/** `no such column: t.c` → table t, column c. */
function unknownColumnDetails(message: string): { table?: string; column?: string } {
  const name = /no such column: (\S+)/.exec(message)?.[1];
  if (!name) return {};
  const dot = name.lastIndexOf('.');
  return dot > 0 ? { table: name.slice(0, dot), column: name.slice(dot + 1) } : { column: name };
}

function executionError(file: string, sqliteCode: string | null, message: string): QuerentError {
  const details = sqliteCode ? { sqliteCode } : {};
  if (sqliteCode?.startsWith('SQLITE_READONLY')) {
    return new QuerentError('READ_ONLY_VIOLATION', `SQLite database ${file} is open read-only and refused a write: ${message}.`, details);
  }
  if (/no such table:/.test(message)) {
    return new QuerentError('UNKNOWN_TABLE', `SQLite database ${file} has no such table: ${message}.`, { ...details, ...unknownTableDetails(message) });
  }
  if (/no such column:/.test(message)) {
    return new QuerentError('UNKNOWN_COLUMN', `SQLite database ${file} has no such column: ${message}.`, { ...details, ...unknownColumnDetails(message) });
  }
  if (sqliteCode === 'SQLITE_BUSY' || sqliteCode === 'SQLITE_LOCKED') {
    return new QuerentError('QUERY_FAILED', `SQLite database ${file} is locked by a process writing to it: ${message}.`, details);
  }
  return new QuerentError('QUERY_FAILED', `SQLite database ${file} could not run the query: ${message}.`, details);
}

interface Pending {
  resolve(reply: SqliteProcessReply): void;
  reject(error: Error): void;
}

/** The child process and its one open handle; replaced after it is killed. */
class QueryProcess {
  private readonly child: ChildProcess;
  private openReply: Pending | undefined;
  private readonly pending = new Map<number, Pending>();
  private stderrTail = '';
  private nextId = 1;
  private exited = false;
  readonly ready: Promise<void>;

  constructor(
    private readonly file: string,
    connectTimeoutMs: number,
  ) {
    // execArgv: [] so the child does not inherit --inspect or test-runner flags of the parent.
    this.child = fork(QUERY_PROCESS, [], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'], execArgv: [], serialization: 'advanced' });
    // The end of its stderr explains a process that dies on its own (a module that fails to load, memory).
    this.child.stderr?.on('data', (chunk: Buffer) => {
      this.stderrTail = (this.stderrTail + chunk.toString()).slice(-STDERR_TAIL_CHARS);
    });
    (this.child.stderr as { unref?: () => void } | null)?.unref?.();
    this.child.on('message', (reply: SqliteProcessReply) => this.onReply(reply));
    this.child.on('exit', (code, signal) => this.onExit(code, signal));
    this.child.on('error', () => undefined);
    this.idle();
    this.ready = this.openHandle(connectTimeoutMs);
  }

  private async openHandle(connectTimeoutMs: number): Promise<void> {
    this.busy();
    const reply = await new Promise<SqliteProcessReply>((resolve, reject) => {
      this.openReply = { resolve, reject };
      const request: SqliteOpenRequest = { kind: 'open', file: this.file, busyTimeoutMs: connectTimeoutMs };
      this.child.send(request);
    }).finally(() => this.idle());
    if (reply.kind === 'error') {
      this.kill();
      throw openFailure(this.file, Object.assign(new Error(reply.message), { code: reply.sqliteCode ?? undefined }));
    }
  }

  get alive(): boolean {
    return !this.exited;
  }

  run(request: Omit<SqliteQueryRequest, 'kind' | 'id'>): Promise<SqliteProcessReply> {
    const id = this.nextId++;
    this.busy();
    return new Promise<SqliteProcessReply>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.send({ kind: 'query', id, ...request } satisfies SqliteQueryRequest);
    }).finally(() => {
      if (this.pending.size === 0) this.idle();
    });
  }

  kill(): void {
    if (!this.exited) this.child.kill('SIGKILL');
  }

  /** An idle child must not keep the parent process alive. */
  private idle(): void {
    this.child.unref();
    (this.child.channel as { unref?: () => void } | null | undefined)?.unref?.();
  }

  private busy(): void {
    this.child.ref();
    (this.child.channel as { ref?: () => void } | null | undefined)?.ref?.();
  }

  private onReply(reply: SqliteProcessReply): void {
    if (reply.kind === 'opened' || (reply.kind === 'error' && reply.id === null)) {
      this.openReply?.resolve(reply);
      this.openReply = undefined;
      return;
    }
    if (reply.id === null) return;
    const waiting = this.pending.get(reply.id);
    this.pending.delete(reply.id);
    waiting?.resolve(reply);
  }

  private onExit(code: number | null, signal: NodeJS.Signals | null): void {
    this.exited = true;
    const said = this.stderrTail.trim().split('\n').slice(-3).join(' ');
    const error = new QuerentError('QUERY_FAILED', `The SQLite query process for ${this.file} ended (${signal ?? `exit code ${code}`})${said ? `: ${said}` : '.'}`);
    this.openReply?.reject(error);
    this.openReply = undefined;
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
  }
}

export class SqliteExecutor implements ReadOnlyExecutor {
  readonly dialect = 'sqlite' as const;
  readonly stats = { roundTrips: 0 };
  /** One handle, one statement at a time: SQLite runs a connection's statements one after the other anyway. */
  private readonly slots = new ConnectionSlots(1);
  private process: QueryProcess | undefined;
  private closed = false;

  constructor(
    private readonly file: string,
    private readonly options: ExecutorOptions,
    /** A read-only handle in this process for dataVersion only: PRAGMA data_version is per connection. */
    private readonly versionHandle: Database.Database,
  ) {}

  async query(sql: string, options: ReadOnlyQueryOptions): Promise<ReadOnlyResult> {
    if (this.closed) throw new QuerentError('INTERNAL', `The SQLite executor for ${this.file} is closed.`);
    // Validates the caps here, before anything is sent.
    new ResultCollector(options.maxRows, options.maxBytes);
    const deadline = new QueryDeadline(options.timeoutMs, options.signal);
    try {
      const release = await this.slots.acquire(deadline, this.file);
      try {
        return await this.run(sql, options, deadline);
      } finally {
        release();
      }
    } finally {
      deadline.dispose();
    }
  }

  private async run(sql: string, options: ReadOnlyQueryOptions, deadline: QueryDeadline): Promise<ReadOnlyResult> {
    if (!this.process?.alive) this.process = new QueryProcess(this.file, this.options.connectTimeoutMs);
    const worker = this.process;
    // The stop kills the process, statement and all; the next query starts a new one.
    const unregister = deadline.onStop(() => worker.kill());
    try {
      await worker.ready;
      const stopped = deadline.stoppedError(this.file, 'the query process to start');
      if (stopped) throw stopped;
      this.stats.roundTrips += 1;
      const reply = await worker.run({ sql, maxRows: options.maxRows, maxBytes: options.maxBytes });
      if (reply.kind === 'error') throw executionError(this.file, reply.sqliteCode, reply.message);
      if (reply.kind !== 'result') throw new QuerentError('INTERNAL', `The SQLite query process answered out of turn (${reply.kind}).`);
      return { columns: reply.columns, rows: reply.rows, truncated: reply.truncated };
    } catch (error) {
      throw deadline.stoppedError(this.file) ?? error;
    } finally {
      unregister();
    }
  }

  /**
   * PRAGMA data_version moves when another connection commits to the file; with the sizes and modification times
   * of the file and its WAL it also catches writes the handle has not looked at yet. A writer holding the file
   * exclusively makes the pragma wait; then the file facts alone make the token.
   */
  async dataVersion(): Promise<string | null> {
    const facts = [this.file, `${this.file}-wal`].map((f) => {
      try {
        const stat = fs.statSync(f);
        return `${stat.size}@${stat.mtimeMs}`;
      } catch {
        return '-';
      }
    });
    let version = 'busy';
    try {
      this.stats.roundTrips += 1;
      version = String(this.versionHandle.pragma('data_version', { simple: true }));
    } catch {
      // SQLITE_BUSY: the file facts still change with the write that holds the lock.
    }
    return `${version}:${facts.join(':')}`;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.process?.kill();
    this.versionHandle.close();
  }
}

export async function openSqliteExecutor(url: string, options: ExecutorOptions): Promise<SqliteExecutor> {
  const file = sqliteFilePath(url);
  positiveMs(options.connectTimeoutMs, 'connectTimeoutMs');
  new ConnectionSlots(options.poolSize); // validated like every engine's, though a file has one handle
  assertRegularFile(file, 'SQLite');
  let handle: Database.Database;
  try {
    // No busy timeout: dataVersion must never block the event loop behind a writer's lock.
    handle = new Database(file, { readonly: true, fileMustExist: true, timeout: 0 });
  } catch (error) {
    throw openFailure(file, error);
  }
  try {
    // better-sqlite3 opens anything; SQLite reads the header only at the first statement.
    handle.prepare('SELECT count(*) FROM sqlite_schema').get();
  } catch (error) {
    handle.close();
    throw openFailure(file, error);
  }
  return new SqliteExecutor(file, options, handle);
}
