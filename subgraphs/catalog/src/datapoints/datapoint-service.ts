// The DataPoint review queue: generate (deterministic, optionally enriched), keep people's decisions across
// regenerations, review (approve, reject, edit), and index approved DataPoints for search. Domain code: ports only.
import { QuerentError, type AuditLog, type Logger, type PageRequest, type PageResult, type VectorIndex } from '@querent/common';
import { dataPointSearchText, type DataPointBody, type DataPointEdits, type DataPointRecord, type DataPointStatus, type GeneratedDataPoint, type ReviewDecision } from './datapoint';
import type { DataPointEnricher } from './datapoint-enricher';
import { generateDataPoints, tableSelector } from './datapoint-generator';
import { reconcile } from './datapoint-reconcile';
import type { DataPointFilter, DataPointPatch, DataPointRepository } from './datapoint-repository';
import type { DatabaseFacts } from './database-facts';

export interface DataPointServicePorts {
  repository: DataPointRepository;
  /** What the generator reads about a database (schema memory, profiles, relationships). */
  facts: { gather(connectionId: string, tables?: readonly string[] | null): Promise<DatabaseFacts> };
  /** Present when an LLM is configured. */
  enricher: DataPointEnricher | null;
  index: VectorIndex;
  audit: AuditLog;
  logger: Logger;
}

export interface GenerationSummary {
  created: number;
  rewritten: number;
  unchanged: number;
  /** Decided DataPoints newly marked stale (their content was kept). */
  markedStale: number;
  removed: number;
  /** DataPoints the generator proposes now, over the tables asked for. */
  generated: number;
  enriched: number;
  enrichmentModel: string | null;
  enrichmentError: string | null;
}

export interface DataPointMatch {
  dataPoint: DataPointRecord;
  score: number;
}

export interface DataPointCounts {
  total: number;
  /** Awaiting a person: PENDING and EDITED. */
  awaitingReview: number;
  approved: number;
  byConnection: Map<string, { total: number; awaitingReview: number; approved: number }>;
}

const MAX_TITLE = 200;
const MAX_DESCRIPTION = 4000;
const EDIT_KEYS = new Set(['title', 'description', 'confidence', 'body']);

/** Checks a person's edits: only known fields, of the right types and sizes. */
export function parseEdits(raw: unknown): DataPointEdits {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new QuerentError('BAD_INPUT', 'edits must be an object with any of title, description, confidence and body', { field: 'edits' });
  const edits = raw as Record<string, unknown>;
  const unknown = Object.keys(edits).filter((k) => !EDIT_KEYS.has(k));
  if (unknown.length > 0) throw new QuerentError('BAD_INPUT', `edits may change title, description, confidence and body, not ${unknown.join(', ')}`, { field: 'edits' });
  const out: DataPointEdits = {};
  if (edits.title !== undefined) {
    if (typeof edits.title !== 'string' || !edits.title.trim() || edits.title.length > MAX_TITLE) throw new QuerentError('BAD_INPUT', `title must be a non-empty text of at most ${MAX_TITLE} characters`, { field: 'edits.title' });
    out.title = edits.title.trim();
  }
  if (edits.description !== undefined) {
    if (typeof edits.description !== 'string' || !edits.description.trim() || edits.description.length > MAX_DESCRIPTION) throw new QuerentError('BAD_INPUT', `description must be a non-empty text of at most ${MAX_DESCRIPTION} characters`, { field: 'edits.description' });
    out.description = edits.description.trim();
  }
  if (edits.confidence !== undefined) {
    if (typeof edits.confidence !== 'number' || !(edits.confidence >= 0 && edits.confidence <= 1)) throw new QuerentError('BAD_INPUT', 'confidence must be a number from 0 to 1', { field: 'edits.confidence' });
    out.confidence = edits.confidence;
  }
  if (edits.body !== undefined) {
    if (!edits.body || typeof edits.body !== 'object' || Array.isArray(edits.body)) throw new QuerentError('BAD_INPUT', 'body must be an object; its fields replace the DataPoint body fields of the same name', { field: 'edits.body' });
    if (JSON.stringify(edits.body).length > 100_000) throw new QuerentError('BAD_INPUT', 'body edits are larger than 100 kB', { field: 'edits.body' });
    out.body = edits.body as Record<string, unknown>;
  }
  if (Object.keys(out).length === 0) throw new QuerentError('BAD_INPUT', 'edits change nothing: give a title, description, confidence or body', { field: 'edits' });
  return out;
}

function editedContent(record: DataPointRecord, edits: DataPointEdits): { title: string; body: DataPointBody; confidence: number } {
  const body: DataPointBody = { ...record.body, ...(edits.body ?? {}) } as DataPointBody;
  if (edits.description !== undefined) body.description = edits.description;
  if (typeof body.description !== 'string' || !body.description.trim()) throw new QuerentError('BAD_INPUT', 'the body must keep a non-empty description', { field: 'edits.body.description' });
  return { title: edits.title ?? record.title, body, confidence: edits.confidence ?? record.confidence };
}

export class DataPointService {
  /** The tail of each database's generations: two at once would both create the same keys. */
  private readonly generating = new Map<string, Promise<unknown>>();

  constructor(private readonly ports: DataPointServicePorts) {}

  /**
   * Generates the DataPoints of a database (or of the tables named) and merges them into the queue: new ones are
   * pending; pending ones follow the generator; decided ones keep their content and are marked stale when their
   * basis moved. One transaction; the audit log records who asked and what changed.
   */
  generate(connectionId: string, tables: readonly string[] | null | undefined, actor: string): Promise<GenerationSummary> {
    const previous = this.generating.get(connectionId) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => this.generateNow(connectionId, tables, actor));
    this.generating.set(connectionId, next);
    next
      .finally(() => {
        if (this.generating.get(connectionId) === next) this.generating.delete(connectionId);
      })
      .catch(() => undefined);
    return next;
  }

  private async generateNow(connectionId: string, tables: readonly string[] | null | undefined, actor: string): Promise<GenerationSummary> {
    const facts = await this.ports.facts.gather(connectionId, tables);
    const generated = generateDataPoints(facts, tables);
    const selected = tableSelector(tables);
    const existing = await this.ports.repository.listAll(connectionId);
    const plan = reconcile(existing, generated, (record) => selected(record.schema, record.table));
    // Only what is new or changed goes to the model; unchanged DataPoints keep the text they have.
    const toEnrich: GeneratedDataPoint[] = [...plan.create.map((c) => c.point), ...plan.rewrite.map((r) => r.point), ...plan.stale.flatMap((s) => (s.proposal ? [s.proposal] : []))];
    const enrichment = this.ports.enricher && toEnrich.length > 0 ? await this.ports.enricher.enrich(toEnrich, facts.databaseName) : null;
    const now = new Date();
    const proposalOf = (point: GeneratedDataPoint, hash: string) => ({ key: point.key, type: point.type, title: point.title, body: point.body, confidence: point.confidence, schema: point.schema, table: point.table, generatedHash: hash });
    await this.ports.repository.apply({
      create: plan.create.map(({ point, hash }) => ({ connectionId, key: point.key, type: point.type, title: point.title, body: point.body, confidence: point.confidence, schema: point.schema, table: point.table, generatedHash: hash })),
      update: [
        ...plan.rewrite.map(({ record, point, hash }) => ({ id: record.id, patch: { title: point.title, body: point.body, confidence: point.confidence, generatedHash: hash, stale: false, staleReason: null, proposal: null } as DataPointPatch })),
        ...plan.stale.map((mark) => ({
          id: mark.record.id,
          patch: { stale: true, staleReason: mark.reason, proposal: mark.proposal && mark.proposalHash ? proposalOf(mark.proposal, mark.proposalHash) : null } as DataPointPatch,
        })),
        ...plan.fresh.map((record) => ({ id: record.id, patch: { stale: false, staleReason: null, proposal: null } as DataPointPatch })),
      ],
      remove: plan.remove.map((r) => r.id),
    });
    const summary: GenerationSummary = {
      created: plan.create.length,
      rewritten: plan.rewrite.length,
      unchanged: plan.unchanged.length,
      markedStale: plan.stale.length,
      removed: plan.remove.length,
      generated: generated.length,
      enriched: enrichment?.enriched ?? 0,
      enrichmentModel: enrichment?.model ?? null,
      enrichmentError: enrichment?.error ?? null,
    };
    await this.ports.audit.append({ actor, action: 'datapoints.generated', connectionId, target: tables?.length ? tables.join(', ') : 'all tables', detail: { ...summary, at: now.toISOString() } });
    this.ports.logger.info('DataPoints generated', { databaseId: connectionId, ...summary });
    return summary;
  }

  list(filter: DataPointFilter, page: PageRequest): Promise<PageResult<DataPointRecord>> {
    return this.ports.repository.list(filter, page);
  }

  async get(id: string): Promise<DataPointRecord> {
    const found = await this.ports.repository.get(id);
    if (!found) throw new QuerentError('NOT_FOUND', `no DataPoint with id ${id}`);
    return found;
  }

  find(id: string): Promise<DataPointRecord | null> {
    return this.ports.repository.get(id);
  }

  /**
   * A person's decision. APPROVE (optionally with edits) indexes the DataPoint for search; REJECT removes it from
   * the index; EDIT keeps the changes and waits for approval (status EDITED, not searchable until approved).
   * Deciding on a stale DataPoint acknowledges the generator's current basis and clears the flag.
   */
  async review(id: string, decision: ReviewDecision, rawEdits: unknown, actor: string): Promise<DataPointRecord> {
    const record = await this.get(id);
    const edits = rawEdits === null || rawEdits === undefined ? null : parseEdits(rawEdits);
    if (decision === 'REJECT' && edits) throw new QuerentError('BAD_INPUT', 'a rejection takes no edits; edit with EDIT or APPROVE', { field: 'edits' });
    if (decision === 'EDIT' && !edits) throw new QuerentError('BAD_INPUT', 'EDIT needs edits (title, description, confidence or body)', { field: 'edits' });
    const content = edits ? editedContent(record, edits) : { title: record.title, body: record.body, confidence: record.confidence };
    const status: DataPointStatus = decision === 'APPROVE' ? 'APPROVED' : decision === 'REJECT' ? 'REJECTED' : 'EDITED';
    const patch: DataPointPatch = {
      ...content,
      status,
      reviewedBy: actor,
      reviewedAt: new Date(),
      stale: false,
      staleReason: null,
      proposal: null,
      ...(record.stale && record.proposal ? { generatedHash: record.proposal.generatedHash } : {}),
    };
    // The index changes first: if it fails, the decision is not recorded and can be retried.
    if (status === 'APPROVED') await this.ports.index.upsert([{ id: record.id, text: dataPointSearchText({ ...record, ...content }), metadata: { databaseId: record.connectionId, type: record.type, title: content.title } }]);
    else if (record.status === 'APPROVED') await this.ports.index.delete([record.id]);
    const updated = await this.ports.repository.update(id, patch);
    await this.ports.audit.append({
      actor,
      action: `datapoint.${decision === 'APPROVE' ? 'approved' : decision === 'REJECT' ? 'rejected' : 'edited'}`,
      connectionId: record.connectionId,
      target: record.id,
      detail: { title: updated.title, type: record.type, from: record.status, to: status, ...(edits ? { edits: Object.keys(edits) } : {}), ...(record.stale ? { wasStale: record.staleReason } : {}) },
    });
    return updated;
  }

  /** Changes a DataPoint's content: the same as reviewing with EDIT. */
  update(id: string, edits: DataPointEdits, actor: string): Promise<DataPointRecord> {
    return this.review(id, 'EDIT', edits, actor);
  }

  /** Approved DataPoints of a database closest to a text, closest first. */
  async search(connectionId: string, text: string, k: number): Promise<DataPointMatch[]> {
    if (!text.trim()) throw new QuerentError('BAD_INPUT', 'search text is empty', { field: 'text' });
    if (!Number.isInteger(k) || k < 1 || k > 100) throw new QuerentError('BAD_INPUT', `k must be between 1 and 100, got ${k}`, { field: 'k' });
    const matches = await this.ports.index.query(text, k, { databaseId: connectionId });
    const records = new Map((await this.ports.repository.getMany(matches.map((m) => m.id))).map((r) => [r.id, r]));
    // An index entry whose DataPoint is gone or no longer approved is skipped (and dropped from the index).
    const orphaned = matches.filter((m) => records.get(m.id)?.status !== 'APPROVED').map((m) => m.id);
    if (orphaned.length > 0) await this.ports.index.delete(orphaned).catch(() => undefined);
    return matches.flatMap((m) => {
      const dataPoint = records.get(m.id);
      return dataPoint && dataPoint.status === 'APPROVED' ? [{ dataPoint, score: m.score }] : [];
    });
  }

  async counts(): Promise<DataPointCounts> {
    const counts: DataPointCounts = { total: 0, awaitingReview: 0, approved: 0, byConnection: new Map() };
    for (const row of await this.ports.repository.counts()) {
      const entry = counts.byConnection.get(row.connectionId) ?? { total: 0, awaitingReview: 0, approved: 0 };
      const waiting = row.status === 'PENDING' || row.status === 'EDITED' ? row.count : 0;
      const approved = row.status === 'APPROVED' ? row.count : 0;
      entry.total += row.count;
      entry.awaitingReview += waiting;
      entry.approved += approved;
      counts.byConnection.set(row.connectionId, entry);
      counts.total += row.count;
      counts.awaitingReview += waiting;
      counts.approved += approved;
    }
    return counts;
  }

  /** Approves every DataPoint of a database still awaiting review (initialize with autoApprove): one index write. */
  async approveAll(connectionId: string, actor: string): Promise<number> {
    const waiting = (await this.ports.repository.listAll(connectionId)).filter((r) => r.status === 'PENDING' || r.status === 'EDITED');
    if (waiting.length === 0) return 0;
    await this.ports.index.upsert(waiting.map((r) => ({ id: r.id, text: dataPointSearchText(r), metadata: { databaseId: connectionId, type: r.type, title: r.title } })));
    const reviewedAt = new Date();
    await this.ports.repository.apply({ create: [], remove: [], update: waiting.map((r) => ({ id: r.id, patch: { status: 'APPROVED', reviewedBy: actor, reviewedAt } })) });
    await this.ports.audit.append({ actor, action: 'datapoints.auto-approved', connectionId, detail: { count: waiting.length, ids: waiting.map((r) => r.id) } });
    return waiting.length;
  }

  /** Removes a database's DataPoints and their index entries (when the database is removed). */
  async forget(connectionId: string): Promise<void> {
    const ids = await this.ports.repository.forget(connectionId);
    await this.ports.index.delete(ids);
  }
}
