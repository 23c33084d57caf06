// Owns choosing joins for a question over the shared RelationshipGraph: when two tables are related more than once
// (flights → airports by source and by destination), the relationship whose column words the question uses wins.
import { RelationshipGraph, type JoinPath, type Relationship } from '@querent/common';
import { canonicalStem, identifierWords } from '../semantic/schema-words';
import type { IndexedTable, SemanticIndex } from '../semantic/semantic-index';
import type { JoinResolver } from './sql-writer';

const graphs = new WeakMap<SemanticIndex, RelationshipGraph>();

function pairKey(r: Relationship): string {
  const a = `${r.fromSchema}.${r.fromTable}`;
  const b = `${r.toSchema}.${r.toTable}`;
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}

/** The relationships to join over for a question whose words (canonical stems) are `words`. */
function preferredRelationships(relationships: Relationship[], words: Set<string>): Relationship[] | null {
  const byPair = new Map<string, Relationship[]>();
  for (const r of relationships) {
    const list = byPair.get(pairKey(r)) ?? [];
    list.push(r);
    byPair.set(pairKey(r), list);
  }
  let changed = false;
  const out: Relationship[] = [];
  for (const list of byPair.values()) {
    if (list.length < 2) {
      out.push(...list);
      continue;
    }
    const score = (r: Relationship): number => r.fromColumns.flatMap(identifierWords).map(canonicalStem).filter((w) => words.has(w)).length;
    const best = Math.max(...list.map(score));
    const kept = best > 0 ? list.filter((r) => score(r) === best) : list;
    if (kept.length !== list.length) changed = true;
    out.push(...kept);
  }
  return changed ? out : null;
}

export function joinResolverFor(index: SemanticIndex, questionWords: Set<string>): JoinResolver {
  let graph = graphs.get(index);
  if (!graph) {
    graph = new RelationshipGraph(index.relationships);
    graphs.set(index, graph);
  }
  const preferred = preferredRelationships(index.relationships, questionWords);
  const g = preferred ? new RelationshipGraph(preferred) : graph;
  return {
    path(tables: IndexedTable[]): JoinPath | null {
      const refs = tables.map((t) => ({ schema: t.schema, table: t.name }));
      if (refs.length <= 1) return { tables: refs, joins: [], cost: 0 };
      return g.joinPath(refs);
    },
    table: (ref) => index.table(ref.schema, ref.table),
  };
}
