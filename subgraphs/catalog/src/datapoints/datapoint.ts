// What a DataPoint is: a piece of knowledge about a database (a table's meaning, a business metric, a process hint)
// that the generator proposes and a person reviews. Shapes only; no GraphQL, no Prisma.

export const DATAPOINT_TYPES = ['SCHEMA', 'BUSINESS', 'PROCESS'] as const;
export type DataPointType = (typeof DATAPOINT_TYPES)[number];

/** PENDING: proposed, not reviewed. EDITED: a person changed it and it awaits approval. APPROVED / REJECTED: decided. */
export const DATAPOINT_STATUSES = ['PENDING', 'EDITED', 'APPROVED', 'REJECTED'] as const;
export type DataPointStatus = (typeof DATAPOINT_STATUSES)[number];

/** Statuses that carry a person's decision; regeneration never overwrites their content. */
export const HUMAN_STATUSES: readonly DataPointStatus[] = ['EDITED', 'APPROVED', 'REJECTED'];

export type ReviewDecision = 'APPROVE' | 'REJECT' | 'EDIT';

/** The content of a DataPoint; `description` is the sentence people read first. The rest depends on the type. */
export type DataPointBody = { description: string } & Record<string, unknown>;

/** What the generator proposes for one key. */
export interface GeneratedDataPoint {
  /** Stable across regenerations: `schema:<schema>.<table>`, `business:<metric>`, `process:<schema>.<table>`. */
  key: string;
  type: DataPointType;
  title: string;
  body: DataPointBody;
  /** 0..1: how sure the generator is. */
  confidence: number;
  schema: string | null;
  table: string | null;
  /**
   * What a person's decision rests on (the table's columns and keys, a metric's SQL, a load pattern), without what
   * moves on its own (counts, latest dates). When it changes, a decided DataPoint is marked stale.
   */
  basis: unknown;
}

/** What the generator proposes for a decided, stale DataPoint, with the hash it was generated with. */
export type DataPointProposal = Omit<GeneratedDataPoint, 'basis'> & { generatedHash: string };

export interface DataPointRecord extends Omit<GeneratedDataPoint, 'basis'> {
  id: string;
  connectionId: string;
  status: DataPointStatus;
  /** A decided DataPoint whose generated basis moved since (the table changed or went away). */
  stale: boolean;
  staleReason: string | null;
  /** For a stale one: what the generator proposes now; the person's version stays in title/body. */
  proposal: DataPointProposal | null;
  /** Hash of the generator output this row last took (or was decided on). */
  generatedHash: string | null;
  reviewedBy: string | null;
  reviewedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** A person's changes: any of title, description, confidence, and body fields (shallow-merged into the body). */
export interface DataPointEdits {
  title?: string;
  description?: string;
  confidence?: number;
  body?: Record<string, unknown>;
}

/** The text a DataPoint is searched by: its title (three times: it names the thing), description, and the words of its
 *  body that questions use — names, meanings, synonyms (twice for a metric) — without SQL, joins or long value lists
 *  that would drown them. */
export function dataPointSearchText(point: Pick<GeneratedDataPoint, 'title' | 'body' | 'type' | 'table'>): string {
  const body = point.body as Record<string, any>;
  const words = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v) => typeof v === 'string') : typeof value === 'string' ? [value] : []);
  const parts: string[] = [point.title, point.title, point.title, body.description, ...(point.table ? [point.table] : [])];
  if (point.type === 'SCHEMA') {
    parts.push(...words(body.purpose), ...words(body.grain));
    for (const [name, column] of Object.entries((body.columns ?? {}) as Record<string, { meaning?: string; values?: string[] }>)) {
      parts.push(name, ...words(column?.meaning), ...words(column?.values).slice(0, 12));
    }
  } else if (point.type === 'BUSINESS') {
    const names = [...words(body.metric), ...words(body.synonyms)];
    parts.push(...names, ...names, ...words(body.measures), ...words(body.timeDimension));
    parts.push(...((body.dimensions ?? []) as { name?: string }[]).map((d) => d?.name).filter((n): n is string => typeof n === 'string'));
  } else {
    parts.push(...words(body.loadPattern), ...words(body.dateColumn), ...words(body.updateColumn), ...words(body.hints));
  }
  return parts.filter((p) => typeof p === 'string' && p.length > 0).join('\n');
}
