// The one interface every vector index implements (embedded in Querent's store, Pinecone): upsert texts with
// metadata, query by text with a metadata filter, delete by id. Callers never see vectors or the embedding used.

export type VectorMetadataValue = string | number | boolean;
export type VectorMetadata = Record<string, VectorMetadataValue>;

export interface VectorItem {
  /** Unique within the index; upserting the same id replaces the item. */
  id: string;
  /** What is embedded. */
  text: string;
  metadata: VectorMetadata;
}

export interface VectorMatch {
  id: string;
  /** Cosine similarity, higher is closer (at most 1). */
  score: number;
  metadata: VectorMetadata;
}

/** Exact equality on metadata fields; an item matches when every field named matches. */
export type VectorFilter = VectorMetadata;

export interface VectorIndex {
  /** Where the vectors live: `embedded` (Querent's store) or `pinecone`. */
  readonly kind: 'embedded' | 'pinecone';
  /** The embedding model the index uses, e.g. `local-hash-512` or `text-embedding-3-small`. */
  readonly embeddingModel: string;
  upsert(items: readonly VectorItem[]): Promise<void>;
  /** The `k` items closest to `text` among those matching `filter`, closest first. */
  query(text: string, k: number, filter?: VectorFilter): Promise<VectorMatch[]>;
  /** Removes these ids; ids that are not there are ignored. */
  delete(ids: readonly string[]): Promise<void>;
}

/** Turns text into vectors: the deterministic local embedding, or a provider's model. */
export interface TextEmbedder {
  /** Stored with every vector, so vectors of different models are never compared. */
  readonly model: string;
  embed(texts: readonly string[]): Promise<number[][]>;
}

export function matchesFilter(metadata: VectorMetadata, filter: VectorFilter | undefined): boolean {
  if (!filter) return true;
  return Object.entries(filter).every(([key, value]) => metadata[key] === value);
}
