// Ranks a schema's tables for a question from what level 2 already knows (names and comments) plus approved
// DataPoints, so that only the best candidates' structure is ever read.
import { canonicalStem, identifierWords, STOP_WORDS } from '../semantic/schema-words';
import { jaroWinkler } from '../semantic/string-similarity';
import type { CatalogTableSummary } from '../catalog-access/catalog-reader';
import type { PlannerDataPoint } from '../planner/planner-context';

export interface RankedTable {
  table: CatalogTableSummary;
  score: number;
  reason: string;
}

/** The question's content words as canonical stems (synonyms meet: "clients" and "customers"). */
export function questionStems(question: string): string[] {
  const words = question.toLowerCase().match(/[a-z0-9]+/g) ?? [];
  return [...new Set(words.filter((w) => !STOP_WORDS.has(w) && w.length > 1).map(canonicalStem))];
}

function nameStems(name: string): string[] {
  return identifierWords(name).filter((w) => !STOP_WORDS.has(w)).map(canonicalStem);
}

/**
 * Scores every table: a name word equal (as a canonical stem) to a question word counts most, a near spelling
 * less, a comment word a little, and a DataPoint over the table whose name or synonyms the question uses lifts it.
 */
export function rankTables(question: string, tables: readonly CatalogTableSummary[], dataPoints: readonly PlannerDataPoint[] = []): RankedTable[] {
  const stems = questionStems(question);
  const stemSet = new Set(stems);
  const lowered = question.toLowerCase();
  const metricTables = new Map<string, string>();
  for (const dp of dataPoints) {
    const words = [dp.name, ...dp.synonyms].map((w) => w.toLowerCase());
    const hit = words.find((w) => w && (lowered.includes(w) || identifierWords(w).map(canonicalStem).every((s) => stemSet.has(s))));
    if (hit) {
      metricTables.set(`${dp.table.schema}.${dp.table.table}`, dp.name);
      if (dp.filterTable) metricTables.set(`${dp.filterTable.schema}.${dp.filterTable.table}`, dp.name);
    }
  }
  const ranked = tables.map((table) => {
    let score = 0;
    const reasons: string[] = [];
    const words = nameStems(table.name);
    for (const w of words) {
      if (stemSet.has(w)) {
        score += 3;
        reasons.push(`name word "${w}"`);
      } else {
        const near = stems.find((s) => s.length >= 4 && w.length >= 4 && jaroWinkler(s, w) >= 0.92);
        if (near) {
          score += 1.5;
          reasons.push(`name close to "${near}"`);
        }
      }
    }
    if (words.length > 0 && score > 0) score += words.filter((w) => stemSet.has(w)).length / words.length;
    if (table.comment) {
      const commentHits = new Set(questionStems(table.comment).filter((w) => stemSet.has(w)));
      if (commentHits.size > 0) {
        score += Math.min(2, commentHits.size * 0.5);
        reasons.push(`comment mentions ${[...commentHits].join(', ')}`);
      }
    }
    const metric = metricTables.get(`${table.schema}.${table.name}`);
    if (metric) {
      score += 3;
      reasons.push(`holds the metric "${metric}"`);
    }
    return { table, score, reason: reasons.join('; ') || 'no direct match' };
  });
  // Ties: larger tables first (facts over look-ups), then by name for determinism.
  return ranked.sort((a, b) => b.score - a.score || (b.table.rowEstimate ?? 0) - (a.table.rowEstimate ?? 0) || a.table.name.localeCompare(b.table.name));
}
