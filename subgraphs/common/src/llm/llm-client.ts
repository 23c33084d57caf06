// The one interface Querent talks to a language model through: chat completions (optionally JSON-only) and,
// when the provider has them, text embeddings. Planners, DataPoint enrichment and the vector index depend on this,
// never on a vendor SDK.
//
// Why our own interface: issue 5 allows LangChain chat models or the `openai` SDK. LangChain's newest
// @langchain/core + @langchain/openai pair does not resolve in the registry snapshot this project builds from, so
// Querent uses the `openai` SDK (6.49.0, the last major without a Node 22 engine pin) behind this interface; a
// LangChain-backed LlmClient can be added beside OpenAiLlmClient without touching its callers.

export type LlmRole = 'system' | 'user' | 'assistant';

export interface LlmMessage {
  role: LlmRole;
  content: string;
}

export interface LlmChatOptions {
  temperature: number;
  maxTokens: number;
  /** 'json' asks the endpoint for a JSON object (`response_format: json_object`); the answer is checked to parse. */
  responseFormat?: 'json';
  /** Aborting stops the request and any retry wait with a CANCELLED error. */
  signal?: AbortSignal;
}

export interface LlmUsage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
}

export interface LlmChatResult {
  content: string;
  usage: LlmUsage;
}

/**
 * Errors are QuerentErrors: LLM_UNAVAILABLE (unreachable, refused, or still failing after the bounded retries),
 * LLM_TIMEOUT, LLM_BAD_RESPONSE (an answer Querent cannot use) and CANCELLED. Never an API key in a message.
 */
export interface LlmClient {
  /** The chat model asked, e.g. `gpt-4o-mini`. */
  readonly chatModel: string;
  /** The embedding model `embed` uses, when it is available. */
  readonly embeddingModel?: string;
  chat(messages: readonly LlmMessage[], options: LlmChatOptions): Promise<LlmChatResult>;
  /** One vector per text, in the order given. */
  embed?(texts: readonly string[], options?: { signal?: AbortSignal }): Promise<number[][]>;
}
