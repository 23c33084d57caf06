// The relationship graph: which tables join to which, at what cost, and the cheapest tree of joins that connects a
// set of tables (a Steiner-tree approximation), ordered so a planner can emit `FROM a JOIN b ON … JOIN c ON …`.
import type { Relationship, RelationshipSource, TableRef } from './relationship';

/** One join of a path: `left` is already in the path, `right` is the table this join adds. */
export interface JoinStep {
  left: TableRef;
  leftColumns: string[];
  right: TableRef;
  rightColumns: string[];
  /** The relationship the join follows (for a many-to-many pair, one of the link table's own relationships). */
  relationship: Relationship;
}

export interface JoinPath {
  /** Every table of the path in join order: `tables[0]` is the FROM table, then each join's `right`. */
  tables: TableRef[];
  joins: JoinStep[];
  /** Sum of the edge costs (see relationshipCost); 0 for a single table. */
  cost: number;
}

export interface JoinPathOptions {
  /** The path may use at most this many joins; a longer one answers null. */
  maxHops?: number;
}

export interface Neighbour {
  table: TableRef;
  /** Columns of the table asked about, and the matching columns of the neighbour, pairwise. */
  columns: string[];
  neighbourColumns: string[];
  /** REFERENCES: the table asked about is the child (`from`) side; REFERENCED_BY: the neighbour is. */
  direction: 'REFERENCES' | 'REFERENCED_BY';
  relationship: Relationship;
  cost: number;
}

// Why these numbers: a declared key costs exactly 1 per join; an inferred one costs more the less sure it is, so two
// declared joins (2) beat one guessed join below ~0.5 confidence, while a near-certain inferred join still beats a
// detour through two declared ones.
const SOURCE_PENALTY: Record<RelationshipSource, number> = { DECLARED: 0, NAMING: 0.25, VALUE_OVERLAP: 0.25 };
const UNCERTAINTY_WEIGHT = 1.5;
const EPSILON = 1e-9;

/** The cost of joining along one relationship: 1 for a declared key, more for a less certain inferred one. */
export function relationshipCost(relationship: Relationship): number {
  const confidence = Math.min(1, Math.max(0, Number.isFinite(relationship.confidence) ? relationship.confidence : 0));
  return 1 + SOURCE_PENALTY[relationship.source] + (1 - confidence) * UNCERTAINTY_WEIGHT;
}

/** A stable key for a table; schema and table names are compared exactly (engines differ on case rules). */
export function tableKey(table: TableRef): string {
  return `${table.schema}\u0000${table.table}`;
}

interface Edge {
  a: string;
  aColumns: string[];
  b: string;
  bColumns: string[];
  relationship: Relationship;
  cost: number;
  /** Deterministic tie-break among equally cheap edges. */
  order: string;
}

interface Reached {
  cost: number;
  hops: number;
  /** The edge taken to get here and the node it came from; null for a node of the tree itself. */
  via: { edge: Edge; from: string } | null;
  /** Tie-break for equally cheap, equally long routes: the chain of keys back to the tree. */
  trail: string;
}

export class RelationshipGraph {
  private readonly refs = new Map<string, TableRef>();
  /** node → neighbour → the cheapest edge between them. */
  private readonly adjacency = new Map<string, Map<string, Edge>>();
  /** node → every relationship that touches it (including self references and many-to-many pairs). */
  private readonly touching = new Map<string, Relationship[]>();

  constructor(readonly relationships: Relationship[]) {
    for (const relationship of relationships) {
      const from = this.add({ schema: relationship.fromSchema, table: relationship.fromTable });
      const to = this.add({ schema: relationship.toSchema, table: relationship.toTable });
      this.touch(from, relationship);
      if (to !== from) this.touch(to, relationship);
      if (relationship.cardinality === 'MANY_TO_MANY' || relationship.via) {
        // A many-to-many pair is joined through its link table: the link's own relationships to both sides are the
        // edges (the catalog always stores them beside the pair). The pair adds no edge of its own, so a path from
        // one side to the other goes side → link → side with the real link columns.
        if (relationship.via) this.touch(this.add(relationship.via), relationship);
        continue;
      }
      if (from === to) continue; // A self reference never helps connect different tables.
      if (relationship.fromColumns.length === 0 || relationship.fromColumns.length !== relationship.toColumns.length) continue;
      const cost = relationshipCost(relationship);
      const order = `${relationship.fromColumns.join(',')}>${relationship.toColumns.join(',')}#${relationship.source}`;
      this.connect({ a: from, aColumns: relationship.fromColumns, b: to, bColumns: relationship.toColumns, relationship, cost, order });
    }
  }

  /** Every table some relationship touches, sorted by schema then name. */
  tables(): TableRef[] {
    return [...this.refs.keys()].sort(compareStrings).map((key) => this.refs.get(key)!);
  }

  /** Finds a table by name, exactly first, then ignoring case; with no schema, any schema (the first in order). */
  findTable(name: string, schema?: string | null): TableRef | null {
    const candidates = this.tables().filter((t) => schema == null || t.schema === schema || t.schema.toLowerCase() === schema.toLowerCase());
    return candidates.find((t) => t.table === name) ?? candidates.find((t) => t.table.toLowerCase() === name.toLowerCase()) ?? null;
  }

  /** Relationships that touch a table (as child, parent or many-to-many side or link). */
  relationshipsOf(table: TableRef): Relationship[] {
    return [...(this.touching.get(tableKey(table)) ?? [])];
  }

  /** The tables one join away, cheapest first; with several relationships to one table, the cheapest is kept. */
  neighbours(table: TableRef): Neighbour[] {
    const key = tableKey(table);
    const result: Neighbour[] = [];
    for (const [other, edge] of this.adjacency.get(key) ?? []) {
      const forward = edge.a === key;
      result.push({
        table: this.refs.get(other)!,
        columns: forward ? edge.aColumns : edge.bColumns,
        neighbourColumns: forward ? edge.bColumns : edge.aColumns,
        direction: forward ? 'REFERENCES' : 'REFERENCED_BY',
        relationship: edge.relationship,
        cost: edge.cost,
      });
    }
    return result.sort((x, y) => x.cost - y.cost || compareStrings(tableKey(x.table), tableKey(y.table)));
  }

  /**
   * The cheapest join tree found that connects every table asked for, or null when one cannot be reached (or only
   * through more than `maxHops` joins). Greedy Steiner approximation: start from the first table, then repeatedly
   * attach the remaining table nearest to the tree (Dijkstra from every tree node) with the path that reaches it.
   * Ties go to fewer joins, then to the table asked for first, then to names in order, so the answer is stable.
   */
  joinPath(tables: TableRef[], options: JoinPathOptions = {}): JoinPath | null {
    const wanted: string[] = [];
    const asked = new Map<string, TableRef>();
    for (const table of tables) {
      const key = tableKey(table);
      if (!wanted.includes(key)) wanted.push(key);
      if (!asked.has(key)) asked.set(key, { schema: table.schema, table: table.table });
    }
    const ref = (key: string): TableRef => this.refs.get(key) ?? asked.get(key)!;
    if (wanted.length === 0) return { tables: [], joins: [], cost: 0 };
    const inTree = new Set<string>([wanted[0]]);
    const order: string[] = [wanted[0]];
    const joins: JoinStep[] = [];
    let cost = 0;
    const remaining = wanted.slice(1).filter((key) => key !== wanted[0]);
    while (remaining.length > 0) {
      const reached = this.shortestFrom(inTree);
      let best = -1;
      for (let i = 0; i < remaining.length; i += 1) {
        const candidate = reached.get(remaining[i]);
        if (!candidate) continue;
        if (best < 0) { best = i; continue; }
        const current = reached.get(remaining[best])!;
        if (candidate.cost < current.cost - EPSILON || (Math.abs(candidate.cost - current.cost) <= EPSILON && candidate.hops < current.hops)) best = i;
      }
      if (best < 0) return null;
      const target = remaining.splice(best, 1)[0];
      // Walk back to the tree, then add the path outwards so each join's right side is new.
      const chain: { edge: Edge; from: string; to: string }[] = [];
      let node = target;
      for (let step = reached.get(node)!; step.via; step = reached.get(node)!) {
        chain.unshift({ edge: step.via.edge, from: step.via.from, to: node });
        node = step.via.from;
      }
      for (const link of chain) {
        const forward = link.edge.a === link.from;
        joins.push({
          left: ref(link.from),
          leftColumns: forward ? link.edge.aColumns : link.edge.bColumns,
          right: ref(link.to),
          rightColumns: forward ? link.edge.bColumns : link.edge.aColumns,
          relationship: link.edge.relationship,
        });
        cost += link.edge.cost;
        inTree.add(link.to);
        order.push(link.to);
      }
      // A table asked for may have been passed through on the way to another one.
      for (let i = remaining.length - 1; i >= 0; i -= 1) if (inTree.has(remaining[i])) remaining.splice(i, 1);
      if (options.maxHops !== undefined && joins.length > options.maxHops) return null;
    }
    return { tables: order.map(ref), joins, cost };
  }

  private shortestFrom(sources: Set<string>): Map<string, Reached> {
    const reached = new Map<string, Reached>();
    const done = new Set<string>();
    const heap = new MinHeap<[string, Reached]>((x, y) => compareReached(x[1], y[1]) || compareStrings(x[0], y[0]));
    for (const source of [...sources].sort(compareStrings)) {
      const start: Reached = { cost: 0, hops: 0, via: null, trail: source };
      reached.set(source, start);
      heap.push([source, start]);
    }
    while (heap.size > 0) {
      const [node, state] = heap.pop()!;
      if (done.has(node) || reached.get(node) !== state) continue;
      done.add(node);
      const edges = [...(this.adjacency.get(node) ?? [])].sort((x, y) => compareStrings(x[0], y[0]));
      for (const [next, edge] of edges) {
        if (done.has(next)) continue;
        const candidate: Reached = { cost: state.cost + edge.cost, hops: state.hops + 1, via: { edge, from: node }, trail: `${state.trail}\u0001${next}` };
        const known = reached.get(next);
        if (!known || compareReached(candidate, known) < 0) {
          reached.set(next, candidate);
          heap.push([next, candidate]);
        }
      }
    }
    return reached;
  }

  private add(table: TableRef): string {
    const key = tableKey(table);
    if (!this.refs.has(key)) this.refs.set(key, { schema: table.schema, table: table.table });
    return key;
  }

  private touch(key: string, relationship: Relationship): void {
    const list = this.touching.get(key) ?? [];
    if (!list.includes(relationship)) list.push(relationship);
    this.touching.set(key, list);
  }

  private connect(edge: Edge): void {
    for (const [x, y] of [[edge.a, edge.b], [edge.b, edge.a]] as const) {
      const byNeighbour = this.adjacency.get(x) ?? new Map<string, Edge>();
      const known = byNeighbour.get(y);
      if (!known || edge.cost < known.cost - EPSILON || (Math.abs(edge.cost - known.cost) <= EPSILON && compareStrings(edge.order, known.order) < 0)) {
        byNeighbour.set(y, edge);
      }
      this.adjacency.set(x, byNeighbour);
    }
  }
}

function compareReached(x: Reached, y: Reached): number {
  if (x.cost < y.cost - EPSILON) return -1;
  if (x.cost > y.cost + EPSILON) return 1;
  return x.hops - y.hops || compareStrings(x.trail, y.trail);
}

function compareStrings(x: string, y: string): number {
  return x < y ? -1 : x > y ? 1 : 0;
}

/** A small binary heap; the graph of a 2,000-table schema makes a sorted array per step too slow. */
class MinHeap<T> {
  private readonly items: T[] = [];
  constructor(private readonly compare: (x: T, y: T) => number) {}

  get size(): number {
    return this.items.length;
  }

  push(item: T): void {
    const items = this.items;
    items.push(item);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.compare(items[i], items[parent]) >= 0) break;
      [items[i], items[parent]] = [items[parent], items[i]];
      i = parent;
    }
  }

  pop(): T | undefined {
    const items = this.items;
    if (items.length === 0) return undefined;
    const top = items[0];
    const last = items.pop()!;
    if (items.length > 0) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let smallest = i;
        if (left < items.length && this.compare(items[left], items[smallest]) < 0) smallest = left;
        if (right < items.length && this.compare(items[right], items[smallest]) < 0) smallest = right;
        if (smallest === i) break;
        [items[i], items[smallest]] = [items[smallest], items[i]];
        i = smallest;
      }
    }
    return top;
  }
}
