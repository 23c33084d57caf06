// The LlmClient for any OpenAI-compatible endpoint (OpenAI, Azure-style proxies, vLLM, Ollama, LiteLLM, …) through
// the `openai` SDK (see llm-client.ts for why not LangChain): one time limit per attempt, a bounded number of
// retries with backoff on transient failures, typed errors, and the API key kept out of every message and log.
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError, OpenAI } from 'openai';
import { QuerentError } from '../errors/querent-error';
import type { Logger } from '../logging/logger';
import { redactSecrets, redactUrl } from '../security/redact';
import type { LlmChatOptions, LlmChatResult, LlmClient, LlmMessage, LlmUsage } from './llm-client';

export const DEFAULT_OPENAI_BASE_URL = 'https://api.openai.com/v1';

export interface OpenAiLlmClientOptions {
  apiKey: string;
  /** Base URL up to and including the version, e.g. `http://127.0.0.1:11434/v1`; default OpenAI's. */
  baseUrl?: string;
  model: string;
  /** Embedding model; without one the client has no `embed`. */
  embeddingModel?: string;
  /** Time limit of each attempt. */
  timeoutMs: number;
  /** Retries after the first attempt for transient failures (connection errors, HTTP 408/409/429/5xx). */
  maxRetries: number;
  /** First backoff; doubles per retry up to MAX_BACKOFF_MS. A Retry-After header is honoured up to MAX_RETRY_AFTER_MS. */
  retryBaseDelayMs?: number;
  logger?: Logger;
}

const RETRYABLE_STATUSES = new Set([408, 409, 429, 500, 502, 503, 504]);
const MAX_BACKOFF_MS = 8_000;
const MAX_RETRY_AFTER_MS = 20_000;
/** Inputs per embeddings request; OpenAI accepts up to 2048, compatible servers often fewer. */
const EMBED_BATCH = 256;
/** A word of an endpoint's message that shares this many consecutive characters with the key is hidden. */
const KEY_WINDOW = 10;
/** How much of an endpoint's own error text is kept in a message. */
const SERVER_MESSAGE_CHARS = 300;

interface Failure {
  error: QuerentError;
  retryable: boolean;
  retryAfterMs?: number;
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function retryAfterMs(headers: Headers | undefined): number | undefined {
  const ms = Number(headers?.get('retry-after-ms'));
  if (Number.isFinite(ms) && ms >= 0 && headers?.has('retry-after-ms')) return ms;
  const raw = headers?.get('retry-after');
  if (raw === null || raw === undefined) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

export class OpenAiLlmClient implements LlmClient {
  readonly chatModel: string;
  readonly embeddingModel?: string;
  /** Present only when an embedding model is configured, so `client.embed` says whether embeddings are available. */
  readonly embed?: (texts: readonly string[], options?: { signal?: AbortSignal }) => Promise<number[][]>;
  private readonly sdk: OpenAI;
  private readonly apiKey: string;
  private readonly endpoint: string;
  private readonly timeoutMs: number;
  private readonly maxRetries: number;
  private readonly retryBaseDelayMs: number;
  private readonly logger?: Logger;

  constructor(options: OpenAiLlmClientOptions) {
    if (!options.apiKey) throw new QuerentError('CONFIG_INVALID', 'OPENAI_API_KEY is empty; an LLM client needs a key', { setting: 'OPENAI_API_KEY' });
    this.apiKey = options.apiKey;
    this.chatModel = options.model;
    this.embeddingModel = options.embeddingModel;
    const baseURL = options.baseUrl || DEFAULT_OPENAI_BASE_URL;
    this.endpoint = redactUrl(baseURL);
    this.timeoutMs = options.timeoutMs;
    this.maxRetries = Math.max(0, Math.floor(options.maxRetries));
    this.retryBaseDelayMs = options.retryBaseDelayMs ?? 500;
    this.logger = options.logger;
    // Everything is passed explicitly so the SDK reads no environment variable of its own (settings.ts owns them),
    // retries are ours (bounded, typed, logged without the key) and the SDK logs nothing.
    this.sdk = new OpenAI({
      apiKey: options.apiKey,
      baseURL,
      organization: null,
      project: null,
      timeout: options.timeoutMs,
      maxRetries: 0,
      logLevel: 'off',
    });
    const embeddingModel = options.embeddingModel;
    if (embeddingModel) this.embed = (texts, embedOptions) => this.embedWith(embeddingModel, texts, embedOptions?.signal);
  }

  async chat(messages: readonly LlmMessage[], options: LlmChatOptions): Promise<LlmChatResult> {
    const json = options.responseFormat === 'json';
    const response = await this.withRetries('chat', options.signal, (signal) =>
      this.sdk.chat.completions.create(
        {
          model: this.chatModel,
          messages: messages.map((m) => ({ role: m.role, content: m.content })),
          temperature: options.temperature,
          // max_tokens rather than max_completion_tokens: every OpenAI-compatible server understands it.
          max_tokens: options.maxTokens,
          ...(json ? { response_format: { type: 'json_object' as const } } : {}),
        },
        { signal, timeout: this.timeoutMs, maxRetries: 0 },
      ),
    );
    if (!response || typeof response !== 'object' || !Array.isArray(response.choices)) {
      throw this.badResponse('chat', 'the answer is not a chat completion');
    }
    const choice = response.choices[0];
    const message = choice?.message;
    if (!message) throw this.badResponse('chat', 'the answer has no choices');
    if (typeof message.refusal === 'string' && message.refusal.length > 0) {
      throw this.badResponse('chat', `the model refused: ${message.refusal}`);
    }
    const content = message.content;
    if (typeof content !== 'string' || content.trim() === '') {
      const cut = choice.finish_reason === 'length' ? ` (cut off at ${options.maxTokens} tokens)` : '';
      throw this.badResponse('chat', `the answer has no text${cut}`);
    }
    if (json) {
      try {
        JSON.parse(content);
      } catch {
        const cut = choice.finish_reason === 'length' ? `; it was cut off at ${options.maxTokens} tokens` : '';
        throw this.badResponse('chat', `JSON was asked for but the answer does not parse as JSON${cut}`);
      }
    }
    return { content, usage: this.usageOf(response.usage) };
  }

  private async embedWith(model: string, texts: readonly string[], signal: AbortSignal | undefined): Promise<number[][]> {
    const vectors: number[][] = [];
    for (let start = 0; start < texts.length; start += EMBED_BATCH) {
      const batch = texts.slice(start, start + EMBED_BATCH);
      const response = await this.withRetries('embed', signal, (attemptSignal) =>
        // encoding_format float: the SDK would otherwise ask for base64, which not every compatible server speaks.
        this.sdk.embeddings.create({ model, input: [...batch], encoding_format: 'float' }, { signal: attemptSignal, timeout: this.timeoutMs, maxRetries: 0 }),
      );
      const data = response && typeof response === 'object' && Array.isArray(response.data) ? response.data : null;
      if (!data || data.length !== batch.length) {
        throw this.badResponse('embed', `expected ${batch.length} embeddings, got ${data ? data.length : 'none'}`);
      }
      const ordered = [...data].sort((a, b) => a.index - b.index);
      for (const [i, item] of ordered.entries()) {
        const vector = item.embedding as unknown;
        if (item.index !== i || !Array.isArray(vector) || vector.length === 0 || !vector.every((v) => typeof v === 'number' && Number.isFinite(v))) {
          throw this.badResponse('embed', `embedding ${i} is missing or not a list of numbers`);
        }
        if (vectors.length > 0 && vector.length !== vectors[0].length) {
          throw this.badResponse('embed', `embeddings of different sizes (${vectors[0].length} and ${vector.length})`);
        }
        vectors.push(vector as number[]);
      }
    }
    return vectors;
  }

  private usageOf(usage: { prompt_tokens?: number; completion_tokens?: number; total_tokens?: number } | null | undefined): LlmUsage {
    const promptTokens = usage?.prompt_tokens ?? 0;
    const completionTokens = usage?.completion_tokens ?? 0;
    return { promptTokens, completionTokens, totalTokens: usage?.total_tokens ?? promptTokens + completionTokens };
  }

  private async withRetries<T>(operation: 'chat' | 'embed', signal: AbortSignal | undefined, call: (signal?: AbortSignal) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      if (signal?.aborted) throw this.cancelled(operation);
      try {
        return await call(signal);
      } catch (error) {
        const failure = this.classify(operation, error, signal);
        if (!failure.retryable || attempt > this.maxRetries) {
          if (failure.retryable) failure.error.details!.attempts = attempt;
          throw failure.error;
        }
        const backoff = Math.min(MAX_BACKOFF_MS, this.retryBaseDelayMs * 2 ** (attempt - 1));
        const delayMs = Math.max(backoff, Math.min(failure.retryAfterMs ?? 0, MAX_RETRY_AFTER_MS));
        this.logger?.debug('llm request failed; retrying', { operation, attempt, status: failure.error.details?.status, delayMs });
        try {
          await sleep(delayMs, signal);
        } catch {
          throw this.cancelled(operation);
        }
      }
    }
  }

  private classify(operation: string, error: unknown, signal: AbortSignal | undefined): Failure {
    const details = (extra: Record<string, unknown> = {}) => ({ operation, endpoint: this.endpoint, model: operation === 'embed' ? this.embeddingModel : this.chatModel, ...extra });
    if (error instanceof QuerentError) return { error, retryable: false };
    if (signal?.aborted || error instanceof APIUserAbortError) return { error: this.cancelled(operation), retryable: false };
    if (error instanceof APIConnectionTimeoutError) {
      return {
        error: new QuerentError('LLM_TIMEOUT', `The language model did not answer within ${this.timeoutMs} ms (${operation} at ${this.endpoint}).`, details({ timeoutMs: this.timeoutMs })),
        retryable: false,
      };
    }
    if (error instanceof APIConnectionError) {
      return {
        error: new QuerentError('LLM_UNAVAILABLE', `The language model endpoint ${this.endpoint} cannot be reached: ${this.scrub(error.message)}`, details()),
        retryable: true,
      };
    }
    if (error instanceof APIError && typeof error.status === 'number') {
      const status = error.status;
      // The endpoint's own text can quote the key back (OpenAI's 401 does, masked); for refusals say only what happened.
      const what = status === 401 || status === 403
        ? `refused the API key (HTTP ${status})`
        : `answered HTTP ${status}: ${this.scrub(error.message).slice(0, SERVER_MESSAGE_CHARS)}`;
      return {
        error: new QuerentError('LLM_UNAVAILABLE', `The language model endpoint ${this.endpoint} ${what}`, details({ status })),
        retryable: RETRYABLE_STATUSES.has(status),
        retryAfterMs: retryAfterMs(error.headers),
      };
    }
    if (error instanceof SyntaxError) {
      return { error: this.badResponse(operation, 'the answer is not valid JSON'), retryable: false };
    }
    const message = error instanceof Error ? error.message : String(error);
    return {
      error: new QuerentError('LLM_UNAVAILABLE', `The language model request failed: ${this.scrub(message).slice(0, SERVER_MESSAGE_CHARS)}`, details()),
      retryable: false,
    };
  }

  private badResponse(operation: string, problem: string): QuerentError {
    return new QuerentError('LLM_BAD_RESPONSE', `The language model's ${operation} answer cannot be used: ${this.scrub(problem).slice(0, SERVER_MESSAGE_CHARS)}.`, {
      operation,
      endpoint: this.endpoint,
      model: operation === 'embed' ? this.embeddingModel : this.chatModel,
    });
  }

  private cancelled(operation: string): QuerentError {
    return new QuerentError('CANCELLED', `The language model ${operation} request was cancelled.`, { operation });
  }

  /**
   * Removes the key from text that came from the endpoint or the SDK: the whole key, any word sharing
   * KEY_WINDOW consecutive characters with it (endpoints echo keys without their prefix, or truncated), bearer
   * tokens, and whatever redactSecrets recognises.
   */
  private scrub(text: string): string {
    const key = this.apiKey;
    let out = key.length >= 4 ? text.split(key).join('***') : text;
    const window = Math.min(KEY_WINDOW, key.length);
    const pieces = new Set<string>();
    for (let i = 0; window >= 4 && i + window <= key.length; i++) pieces.add(key.slice(i, i + window));
    out = out.replace(/[A-Za-z0-9_\-.~+/=]{4,}/g, (word) => ([...pieces].some((p) => word.includes(p)) ? '***' : word));
    return redactSecrets(out).replace(/\bBearer\s+\S+/gi, 'Bearer ***');
  }
}
