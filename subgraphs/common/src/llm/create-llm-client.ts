// Chooses the language model client from the settings: the OpenAI-compatible client when OPENAI_API_KEY is set,
// else none (null), and callers fall back to what needs no model (the offline planner, deterministic DataPoints,
// the local embedding).
import type { LlmSettings } from '../config/settings';
import type { Logger } from '../logging/logger';
import type { LlmClient } from './llm-client';
import { OpenAiLlmClient } from './openai-llm-client';

export function createLlmClient(settings: LlmSettings, options: { logger?: Logger; retryBaseDelayMs?: number } = {}): LlmClient | null {
  if (!settings.apiKey) return null;
  return new OpenAiLlmClient({
    apiKey: settings.apiKey,
    baseUrl: settings.baseUrl,
    model: settings.model,
    embeddingModel: settings.embeddingModel,
    timeoutMs: settings.timeoutMs,
    maxRetries: settings.maxRetries,
    retryBaseDelayMs: options.retryBaseDelayMs,
    logger: options.logger,
  });
}
