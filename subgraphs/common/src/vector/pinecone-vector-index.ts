// The vector index on Pinecone (PINECONE_API_KEY): an existing index named by QUERENT_PINECONE_INDEX, one namespace
// per use. Texts are embedded here (local embedding or the configured provider) and must match the index's dimension.
import { Pinecone, type Index, type RecordMetadata } from '@pinecone-database/pinecone';
import { QuerentError } from '../errors/querent-error';
import type { TextEmbedder, VectorFilter, VectorIndex, VectorItem, VectorMatch, VectorMetadata } from './vector-index';

export interface PineconeIndexOptions {
  apiKey: string;
  indexName: string;
  namespace: string;
  /** Pinecone's control plane; unset means its cloud API. Pinecone Local and test fixtures set their own. */
  controllerHostUrl?: string;
  /** Builds the embedder once the index's dimension is known (the local embedding adapts to it). */
  embedder: (dimension: number) => TextEmbedder;
}

// Pinecone accepts up to 1,000 vectors or 2 MB per upsert; 100 keeps both limits far away.
const UPSERT_BATCH = 100;
// Metadata key that carries the item's text back (Pinecone returns metadata, not the text it never saw).
const TEXT_KEY = '_text';

interface Connected {
  index: Index<RecordMetadata>;
  embedder: TextEmbedder;
  /** The index's dimension; 0 when Pinecone did not say. */
  dimension: number;
}

function failure(action: string, error: unknown): QuerentError {
  if (error instanceof QuerentError) return error;
  return new QuerentError('VECTOR_INDEX_FAILED', `Pinecone ${action} failed: ${(error as Error).message}`);
}

export class PineconeVectorIndex implements VectorIndex {
  readonly kind = 'pinecone' as const;
  private readonly client: Pinecone;
  private ready: Promise<Connected> | undefined;
  private model = 'unknown (index not described yet)';

  constructor(private readonly options: PineconeIndexOptions) {
    this.client = new Pinecone({ apiKey: options.apiKey, controllerHostUrl: options.controllerHostUrl, maxRetries: 1 });
  }

  get embeddingModel(): string {
    return this.model;
  }

  /** Describes the index once: its host and dimension decide where vectors go and how texts are embedded. */
  private connect(): Promise<Connected> {
    this.ready ??= (async () => {
      let description;
      try {
        description = await this.client.describeIndex(this.options.indexName);
      } catch (error) {
        throw failure(`describing index "${this.options.indexName}"`, error);
      }
      if (!description.host) throw new QuerentError('VECTOR_INDEX_FAILED', `Pinecone index "${this.options.indexName}" has no host yet; is it ready?`);
      const dimension = description.dimension ?? 0;
      const embedder = this.options.embedder(dimension);
      this.model = embedder.model;
      const index = this.client.index({ host: description.host, namespace: this.options.namespace });
      return { index, embedder, dimension };
    })();
    this.ready.catch(() => (this.ready = undefined));
    return this.ready;
  }

  private async embed({ embedder, dimension }: Connected, texts: readonly string[]): Promise<number[][]> {
    const vectors = await embedder.embed(texts);
    if (dimension > 0 && vectors.some((v) => v.length !== dimension)) {
      throw new QuerentError('VECTOR_INDEX_FAILED', `Pinecone index "${this.options.indexName}" holds ${dimension}-dimensional vectors but ${embedder.model} makes ${vectors[0]?.length}; create the index with dimension ${vectors[0]?.length} or use a matching embedding model`);
    }
    return vectors;
  }

  async upsert(items: readonly VectorItem[]): Promise<void> {
    if (items.length === 0) return;
    const connected = await this.connect();
    const vectors = await this.embed(connected, items.map((i) => i.text));
    for (let start = 0; start < items.length; start += UPSERT_BATCH) {
      const records = items.slice(start, start + UPSERT_BATCH).map((item, i) => ({
        id: item.id,
        values: vectors[start + i],
        metadata: { ...item.metadata, [TEXT_KEY]: item.text },
      }));
      try {
        await connected.index.upsert({ records });
      } catch (error) {
        throw failure('upsert', error);
      }
    }
  }

  async query(text: string, k: number, filter?: VectorFilter): Promise<VectorMatch[]> {
    if (!Number.isInteger(k) || k < 1) throw new QuerentError('BAD_INPUT', `k must be a whole number of at least 1, got ${k}`);
    const connected = await this.connect();
    const [vector] = await this.embed(connected, [text]);
    const pineconeFilter = filter && Object.keys(filter).length > 0 ? Object.fromEntries(Object.entries(filter).map(([key, value]) => [key, { $eq: value }])) : undefined;
    let response;
    try {
      response = await connected.index.query({ vector, topK: k, includeMetadata: true, ...(pineconeFilter ? { filter: pineconeFilter } : {}) });
    } catch (error) {
      throw failure('query', error);
    }
    return response.matches.map((match) => {
      const { [TEXT_KEY]: _text, ...metadata } = (match.metadata ?? {}) as Record<string, unknown>;
      return { id: match.id, score: match.score ?? 0, metadata: metadata as VectorMetadata };
    });
  }

  async delete(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    const { index } = await this.connect();
    try {
      await index.deleteMany({ ids: [...ids] });
    } catch (error) {
      throw failure('delete', error);
    }
  }
}
