// The embedded vector index: items and their vectors kept in Querent's own store, searched by cosine similarity in
// the process. Vectors are tagged with their embedding model; a stored vector of another model is re-embedded from
// its text before it is compared, so switching from the local embedding to a provider's never mixes the two.
import { QuerentError } from '../errors/querent-error';
import { matchesFilter, type TextEmbedder, type VectorFilter, type VectorIndex, type VectorItem, type VectorMatch, type VectorMetadata } from './vector-index';

export interface StoredVector {
  itemId: string;
  text: string;
  metadata: VectorMetadata;
  embedding: number[];
  model: string;
}

/** Where the embedded index keeps its items (the store's VectorEntry table; an in-memory map in unit tests). */
export interface VectorEntryStore {
  save(namespace: string, entries: readonly StoredVector[]): Promise<void>;
  list(namespace: string): Promise<StoredVector[]>;
  remove(namespace: string, itemIds: readonly string[]): Promise<void>;
}

export function cosineSimilarity(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) return 0;
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

export class EmbeddedVectorIndex implements VectorIndex {
  readonly kind = 'embedded' as const;

  constructor(
    private readonly store: VectorEntryStore,
    private readonly embedder: TextEmbedder,
    private readonly namespace: string,
  ) {}

  get embeddingModel(): string {
    return this.embedder.model;
  }

  async upsert(items: readonly VectorItem[]): Promise<void> {
    if (items.length === 0) return;
    const vectors = await this.embedder.embed(items.map((i) => i.text));
    await this.store.save(
      this.namespace,
      items.map((item, i) => ({ itemId: item.id, text: item.text, metadata: item.metadata, embedding: vectors[i], model: this.embedder.model })),
    );
  }

  async query(text: string, k: number, filter?: VectorFilter): Promise<VectorMatch[]> {
    if (!Number.isInteger(k) || k < 1) throw new QuerentError('BAD_INPUT', `k must be a whole number of at least 1, got ${k}`);
    const candidates = (await this.store.list(this.namespace)).filter((entry) => matchesFilter(entry.metadata, filter));
    const outdated = candidates.filter((entry) => entry.model !== this.embedder.model);
    if (outdated.length > 0) {
      const vectors = await this.embedder.embed(outdated.map((entry) => entry.text));
      outdated.forEach((entry, i) => Object.assign(entry, { embedding: vectors[i], model: this.embedder.model }));
      await this.store.save(this.namespace, outdated);
    }
    const [query] = await this.embedder.embed([text]);
    return candidates
      .map((entry) => ({ id: entry.itemId, score: cosineSimilarity(query, entry.embedding), metadata: entry.metadata }))
      .sort((a, b) => b.score - a.score || a.id.localeCompare(b.id))
      .slice(0, k);
  }

  async delete(ids: readonly string[]): Promise<void> {
    if (ids.length > 0) await this.store.remove(this.namespace, ids);
  }
}
