// A provider's embedding model (through the LLM client's `embed`) as a TextEmbedder; null when the client has none,
// and callers fall back to the local embedding.
import type { TextEmbedder } from './vector-index';

/** The part of the LLM client embedding uses (LlmClient satisfies it). */
export interface EmbeddingModel {
  readonly embeddingModel?: string;
  embed?(texts: readonly string[]): Promise<number[][]>;
}

// Providers cap inputs per request (OpenAI: 2,048); smaller batches also keep one slow request short.
const BATCH = 256;

export function providerTextEmbedder(client: EmbeddingModel | null | undefined): TextEmbedder | null {
  if (!client?.embed || !client.embeddingModel) return null;
  const embed = client.embed.bind(client);
  return {
    model: client.embeddingModel,
    embed: async (texts) => {
      const out: number[][] = [];
      for (let start = 0; start < texts.length; start += BATCH) out.push(...(await embed(texts.slice(start, start + BATCH))));
      return out;
    },
  };
}
