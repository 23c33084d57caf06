// Chooses the vector index: Pinecone when PINECONE_API_KEY is set, else the embedded one in Querent's store; the
// embedding is the configured provider's when there is one, else the deterministic local one.
import type { PrismaStore } from '../store';
import { EmbeddedVectorIndex } from './embedded-vector-index';
import { LocalTextEmbedder } from './local-text-embedding';
import { PineconeVectorIndex } from './pinecone-vector-index';
import { PrismaVectorEntryStore } from './prisma-vector-entry-store';
import type { TextEmbedder, VectorIndex } from './vector-index';

export interface VectorIndexConfig {
  pinecone?: { apiKey: string; indexName: string; controllerHostUrl?: string } | null;
}

export function createVectorIndex(options: { config: VectorIndexConfig; store: PrismaStore; namespace: string; providerEmbedder?: TextEmbedder | null }): VectorIndex {
  const { config, namespace, providerEmbedder } = options;
  if (config.pinecone) {
    return new PineconeVectorIndex({
      ...config.pinecone,
      namespace,
      // The local embedding takes the index's dimension, so an existing index of any size works without a key.
      embedder: (dimension) => providerEmbedder ?? new LocalTextEmbedder(dimension > 0 ? dimension : undefined),
    });
  }
  return new EmbeddedVectorIndex(new PrismaVectorEntryStore(options.store), providerEmbedder ?? new LocalTextEmbedder(), namespace);
}
