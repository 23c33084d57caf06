// Regeneration without clobbering people: what to create, rewrite, mark stale or remove when the generator runs
// again. Pending DataPoints belong to the generator and follow it; edited, approved and rejected ones keep the
// person's content and only get a stale flag (with the generator's new proposal) when their basis moved.
import { HUMAN_STATUSES, type DataPointRecord, type GeneratedDataPoint } from './datapoint';
import { basisPart, generatedHash } from './datapoint-generator';
import { humanize } from './english-wording';

export interface StaleMark {
  record: DataPointRecord;
  reason: string;
  /** What the generator proposes now; null when it proposes nothing for this key any more. */
  proposal: GeneratedDataPoint | null;
  proposalHash: string | null;
}

export interface ReconcilePlan {
  create: { point: GeneratedDataPoint; hash: string }[];
  rewrite: { record: DataPointRecord; point: GeneratedDataPoint; hash: string }[];
  stale: StaleMark[];
  /** Decided DataPoints whose basis is back where it was decided: the stale flag goes. */
  fresh: DataPointRecord[];
  remove: DataPointRecord[];
  unchanged: DataPointRecord[];
}

function columnNames(body: Record<string, unknown>): string[] {
  const columns = body.columns;
  return columns && typeof columns === 'object' && !Array.isArray(columns) ? Object.keys(columns) : [];
}

/** In words, what moved between the version a person decided on and what the generator proposes now. */
export function describeChange(record: DataPointRecord, point: GeneratedDataPoint): string {
  if (point.type === 'SCHEMA') {
    const before = new Set(columnNames(record.body));
    const after = new Set(columnNames(point.body));
    const added = [...after].filter((c) => !before.has(c));
    const removed = [...before].filter((c) => !after.has(c));
    const parts = [added.length ? `columns added: ${added.join(', ')}` : '', removed.length ? `columns removed: ${removed.join(', ')}` : ''].filter(Boolean);
    return `the structure of ${record.schema}.${record.table} changed${parts.length ? ` (${parts.join('; ')})` : ' (column types, keys, references or personal-data flags)'}`;
  }
  if (point.type === 'BUSINESS') return `the generated SQL definition changed; it now reads: ${String(point.body.sql ?? '').replace(/\s+/g, ' ')}`;
  return `the load pattern changed: the generator now says ${humanize(String(point.body.loadPattern ?? 'unknown'))}`;
}

export function reconcile(existing: readonly DataPointRecord[], generated: readonly GeneratedDataPoint[], inScope: (record: DataPointRecord) => boolean): ReconcilePlan {
  const plan: ReconcilePlan = { create: [], rewrite: [], stale: [], fresh: [], remove: [], unchanged: [] };
  const byKey = new Map(existing.filter((r) => r.key).map((r) => [r.key as string, r]));
  const seen = new Set<string>();
  for (const point of generated) {
    seen.add(point.key);
    const hash = generatedHash(point);
    const record = byKey.get(point.key);
    if (!record) {
      plan.create.push({ point, hash });
      continue;
    }
    if (!HUMAN_STATUSES.includes(record.status)) {
      if (record.generatedHash === hash) plan.unchanged.push(record);
      else plan.rewrite.push({ record, point, hash });
      continue;
    }
    if (basisPart(record.generatedHash) === basisPart(hash)) {
      if (record.stale) plan.fresh.push(record);
      else plan.unchanged.push(record);
    } else if (record.stale && record.proposal && basisPart(record.proposal.generatedHash) === basisPart(hash)) {
      plan.unchanged.push(record);
    } else {
      plan.stale.push({ record, reason: describeChange(record, point), proposal: point, proposalHash: hash });
    }
  }
  for (const record of existing) {
    if (!record.key || seen.has(record.key) || !inScope(record)) continue;
    if (!HUMAN_STATUSES.includes(record.status)) plan.remove.push(record);
    else if (record.stale && record.proposal === null) plan.unchanged.push(record);
    else {
      const what = record.type === 'BUSINESS' ? `the metric ${record.title}` : `${record.schema}.${record.table}`;
      plan.stale.push({ record, reason: `the generator no longer proposes ${what}: its table or columns are gone or no longer match`, proposal: null, proposalHash: null });
    }
  }
  return plan;
}
