// Relay cursor paging for every newest-first history list (change log, refresh runs, query runs): opaque
// (time, id) cursors, the keyset condition that follows one, and the PageInfo type, shareable across subgraphs.
import { Directive, Field, ObjectType } from 'type-graphql';
import { QuerentError } from '../errors/querent-error';

@Directive('@shareable')
@ObjectType({ description: 'Where a page ends and whether more follow.' })
export class PageInfo {
  @Field(() => Boolean) hasNextPage!: boolean;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
}

/** A page request: at most `first` items after the item the cursor names. */
export interface PageRequest {
  first: number;
  after?: string | null;
}

export interface PageResult<T> {
  items: T[];
  hasNextPage: boolean;
}

export const MAX_PAGE_SIZE = 500;

export function encodeCursor(at: Date, id: string): string {
  return Buffer.from(`${at.toISOString()}|${id}`).toString('base64url');
}

/** The position a cursor names; null when it is not one of ours. */
export function decodeCursor(cursor: string): { at: Date; id: string } | null {
  const [iso, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const at = new Date(iso ?? '');
  return id && !Number.isNaN(at.getTime()) ? { at, id } : null;
}

export function checkPageSize(first: number, max = MAX_PAGE_SIZE): void {
  if (!Number.isInteger(first) || first < 1 || first > max) throw new QuerentError('BAD_INPUT', `first must be between 1 and ${max}, got ${first}`);
}

/**
 * The store condition for "older than the cursor" in a list ordered by (timeField desc, id desc): a plain
 * object in Prisma's where-syntax, empty without a cursor. An unreadable cursor is BAD_INPUT.
 */
export function olderThanCursor(timeField: string, after: string | null | undefined): Record<string, unknown> {
  if (!after) return {};
  const cursor = decodeCursor(after);
  if (!cursor) throw new QuerentError('BAD_INPUT', 'the `after` cursor is not one this list handed out');
  return { OR: [{ [timeField]: { lt: cursor.at } }, { [timeField]: cursor.at, id: { lt: cursor.id } }] };
}

/** Reads first + 1 rows to tell whether another page follows. */
export function pageOf<T>(rows: T[], first: number): PageResult<T> {
  return { items: rows.slice(0, first), hasNextPage: rows.length > first };
}

/** Edges and page info of a Relay connection, from a page of items and where each one sits. */
export function toRelayConnection<T, N>(
  page: PageResult<T>,
  position: (item: T) => { at: Date; id: string },
  toNode: (item: T) => N,
): { edges: { cursor: string; node: N }[]; pageInfo: PageInfo } {
  const edges = page.items.map((item) => {
    const { at, id } = position(item);
    return { cursor: encodeCursor(at, id), node: toNode(item) };
  });
  return { edges, pageInfo: Object.assign(new PageInfo(), { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null }) };
}
