// The inference pipeline over a set of table structures: declared keys, then names, then value overlap (confirming,
// refuting, and finding unnamed pairs within a budget), then cardinality and many-to-many pairs through link tables.
import { declaredRelationships as declaredKeys } from '@querent/common';
import type { TableStructure } from '@querent/common';
import { manyToManyPairs, tableKeyOf, withCardinality } from './cardinality';
import { relationshipKey, type InferredRelationship, type OverlapMeasure } from './inferred-relationship';
import { inferFromNames, MIN_NAMING_CONFIDENCE, type ColumnRef, type NamingCandidate } from './naming-heuristics';
import { unnamedPairs, type OverlapMeter, type UnnamedPair } from './value-overlap';

export interface InferenceBudget {
  /** Overlap measures at most (naming candidates first, then unnamed pairs). */
  maxOverlapQueries: number;
  /** Stop measuring once this much time went on overlap. */
  overlapBudgetMs: number;
}

export interface InferenceStats {
  declared: number;
  naming: number;
  valueOverlap: number;
  manyToMany: number;
  overlapQueries: number;
  overlapFailures: number;
  /** Naming candidates the data refuted (dropped). */
  refuted: number;
  overlapMs: number;
  /** Whether value overlap could be measured at all (an executor was open). */
  overlapAvailable: boolean;
}

export interface InferenceResult {
  relationships: InferredRelationship[];
  stats: InferenceStats;
}

/** Below this share of matched values a name-implied relationship is refuted (when enough values were sampled). */
const REFUTED_BELOW = 0.5;
/** At least this share confirms a relationship; unnamed pairs need it to count at all. */
const CONFIRMED_FROM = 0.98;
/** Distinct values an unnamed pair needs before its overlap means anything. */
const MIN_UNNAMED_SAMPLE = 5;
const MAX_CONFIDENCE = 0.99;

/** Declared foreign keys of the given tables, confidence 1 (cardinality is settled later, with link tables). */
export function declaredRelationships(tables: readonly TableStructure[]): InferredRelationship[] {
  return tables.flatMap((t) =>
    declaredKeys({ schema: t.schema, name: t.name, foreignKeys: t.foreignKeys }).map(({ constraint, ...r }) => ({ ...r, cardinality: 'ONE_TO_MANY' as const, evidence: { constraint } })),
  );
}

/** How a measured overlap moves a name-implied confidence; null when the data refutes the relationship. */
export function confidenceAfterOverlap(confidence: number, overlap: OverlapMeasure): number | null {
  if (overlap.ratio === null) return confidence; // an empty child says nothing
  const enough = overlap.sampled >= 5;
  if (overlap.ratio >= CONFIRMED_FROM) {
    const gain = overlap.sampled >= 20 ? 0.6 : 0.3;
    return round(Math.min(MAX_CONFIDENCE, confidence + (1 - confidence) * gain));
  }
  if (overlap.ratio >= 0.9) return confidence;
  if (overlap.ratio < REFUTED_BELOW && enough) return null;
  const lowered = round(confidence * overlap.ratio);
  return lowered < MIN_NAMING_CONFIDENCE && enough ? null : lowered;
}

/** Confidence of a pair found by value overlap alone. */
export function unnamedConfidence(pair: UnnamedPair, overlap: OverlapMeasure): number {
  let value = 0.55;
  if (overlap.sampled >= 50) value += 0.1;
  if (pair.similarity > 0) value += 0.1;
  if (pair.typeIdentical) value += 0.05;
  return round(Math.min(0.85, value * (overlap.ratio ?? 0)));
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

function fromNaming(candidate: NamingCandidate): InferredRelationship {
  return {
    fromSchema: candidate.from.schema,
    fromTable: candidate.from.table,
    fromColumns: [candidate.from.column],
    toSchema: candidate.to.schema,
    toTable: candidate.to.table,
    toColumns: [candidate.to.column],
    source: 'NAMING',
    confidence: candidate.confidence,
    cardinality: 'ONE_TO_MANY',
    via: null,
    evidence: { naming: candidate.evidence },
  };
}

const columnKey = (schema: string, table: string, column: string) => `${schema}\u0000${table}\u0000${column}`;

export class RelationshipInference {
  constructor(private readonly budget: InferenceBudget, private readonly clock: () => number = () => Date.now()) {}

  /**
   * Infers every relationship among `tables`. Without a meter (no executor for this engine yet, or overlap turned
   * off) names alone decide and each name-implied relationship says why overlap was skipped.
   */
  async infer(tables: readonly TableStructure[], meter: OverlapMeter | null): Promise<InferenceResult> {
    const byKey = new Map(tables.map((t) => [tableKeyOf(t.schema, t.name), t]));
    const declared = declaredRelationships(tables);
    const declaredColumns = new Set(declared.flatMap((r) => r.fromColumns.map((c) => columnKey(r.fromSchema, r.fromTable, c))));

    // Names: what a declared key already says is not repeated; the declared key records that the names agree.
    const naming: InferredRelationship[] = [];
    for (const candidate of inferFromNames(tables)) {
      const column = columnKey(candidate.from.schema, candidate.from.table, candidate.from.column);
      if (declaredColumns.has(column)) {
        const same = declared.find(
          (r) => r.fromColumns.length === 1 && r.fromSchema === candidate.from.schema && r.fromTable === candidate.from.table && r.fromColumns[0] === candidate.from.column && r.toSchema === candidate.to.schema && r.toTable === candidate.to.table && r.toColumns[0] === candidate.to.column,
        );
        if (same) same.evidence.namesAgree = true;
        continue;
      }
      naming.push(fromNaming(candidate));
    }

    const stats: InferenceStats = { declared: declared.length, naming: 0, valueOverlap: 0, manyToMany: 0, overlapQueries: 0, overlapFailures: 0, refuted: 0, overlapMs: 0, overlapAvailable: meter !== null };
    const started = this.clock();
    const canMeasure = () => meter !== null && stats.overlapQueries < this.budget.maxOverlapQueries && this.clock() - started < this.budget.overlapBudgetMs;
    const measure = async (child: ColumnRef, parent: ColumnRef): Promise<OverlapMeasure | string> => {
      stats.overlapQueries += 1;
      try {
        return await meter!.measure(child, parent);
      } catch (error) {
        stats.overlapFailures += 1;
        return (error as { code?: string }).code ?? 'QUERY_FAILED';
      }
    };
    const measurable = (r: { fromSchema: string; fromTable: string; toSchema: string; toTable: string }) =>
      byKey.get(tableKeyOf(r.fromSchema, r.fromTable))?.kind === 'TABLE' && byKey.get(tableKeyOf(r.toSchema, r.toTable))?.kind === 'TABLE';

    // Overlap confirms or refutes what names implied.
    const kept: InferredRelationship[] = [];
    for (const r of naming) {
      if (!measurable(r)) {
        r.evidence.overlapSkipped = 'view';
        kept.push(r);
        continue;
      }
      if (!canMeasure()) {
        r.evidence.overlapSkipped = meter ? 'budget' : 'no executor';
        kept.push(r);
        continue;
      }
      const overlap = await measure(
        { schema: r.fromSchema, table: r.fromTable, column: r.fromColumns[0] },
        { schema: r.toSchema, table: r.toTable, column: r.toColumns[0] },
      );
      if (typeof overlap === 'string') {
        r.evidence.overlapSkipped = overlap;
        kept.push(r);
        continue;
      }
      r.evidence.overlap = overlap;
      const confidence = confidenceAfterOverlap(r.confidence, overlap);
      if (confidence === null) {
        stats.refuted += 1;
        continue;
      }
      r.confidence = confidence;
      kept.push(r);
    }

    // Overlap alone, between key-like columns nothing relates yet.
    const found: InferredRelationship[] = [];
    if (meter) {
      const taken = new Set([...declaredColumns, ...kept.map((r) => columnKey(r.fromSchema, r.fromTable, r.fromColumns[0]))]);
      const remaining = Math.max(0, this.budget.maxOverlapQueries - stats.overlapQueries);
      const accepted = new Map<string, { pair: UnnamedPair; overlap: OverlapMeasure }[]>();
      for (const pair of unnamedPairs(tables, taken, remaining)) {
        if (!canMeasure()) break;
        const overlap = await measure(pair.child, pair.parent);
        if (typeof overlap === 'string' || overlap.ratio === null || overlap.ratio < CONFIRMED_FROM || overlap.sampled < MIN_UNNAMED_SAMPLE) continue;
        const key = columnKey(pair.child.schema, pair.child.table, pair.child.column);
        accepted.set(key, [...(accepted.get(key) ?? []), { pair, overlap }]);
      }
      for (const options of accepted.values()) {
        // Several parents hold every sampled value: only a better name match decides; otherwise it is ambiguous.
        const best = [...options].sort((a, b) => b.pair.similarity - a.pair.similarity);
        if (best.length > 1 && best[0].pair.similarity === best[1].pair.similarity) continue;
        const { pair, overlap } = best[0];
        found.push({
          fromSchema: pair.child.schema,
          fromTable: pair.child.table,
          fromColumns: [pair.child.column],
          toSchema: pair.parent.schema,
          toTable: pair.parent.table,
          toColumns: [pair.parent.column],
          source: 'VALUE_OVERLAP',
          confidence: unnamedConfidence(pair, overlap),
          cardinality: 'ONE_TO_MANY',
          via: null,
          evidence: { overlap },
        });
      }
    }
    stats.overlapMs = this.clock() - started;

    const direct = withCardinality([...declared, ...kept, ...found], byKey);
    const pairs = manyToManyPairs(direct, byKey);
    stats.naming = kept.length;
    stats.valueOverlap = found.length;
    stats.manyToMany = pairs.length;
    const all = [...direct, ...pairs];
    const unique = new Map<string, InferredRelationship>();
    for (const r of all) if (!unique.has(relationshipKey(r))) unique.set(relationshipKey(r), r);
    return { relationships: [...unique.values()].sort(compareRelationships), stats };
  }
}

export function compareRelationships(a: InferredRelationship, b: InferredRelationship): number {
  const key = (r: InferredRelationship) => `${r.fromSchema}\u0000${r.fromTable}\u0000${r.fromColumns.join(',')}\u0000${r.toSchema}\u0000${r.toTable}\u0000${r.toColumns.join(',')}\u0000${r.cardinality}`;
  return key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
}
