// LLM enrichment of generated DataPoints: a configured chat model rewrites descriptions (and SCHEMA column meanings)
// in plain language, in JSON mode, from the deterministic facts only. Structure, SQL, keys and confidence never come
// from the model; an answer that does not fit is dropped and the deterministic text stays.
import type { Logger } from '@querent/common';
import type { GeneratedDataPoint } from './datapoint';

/** The part of the LLM client enrichment uses (LlmClient satisfies it). */
export interface ChatModel {
  readonly chatModel: string;
  chat(messages: readonly { role: 'system' | 'user' | 'assistant'; content: string }[], options: { temperature: number; maxTokens: number; responseFormat?: 'json' }): Promise<{ content: string }>;
}

export interface EnrichmentOutcome {
  /** DataPoints whose description the model rewrote. */
  enriched: number;
  model: string;
  /** The first failure, when a batch failed (its DataPoints keep the deterministic text). */
  error: string | null;
}

const BATCH = 8;
const MAX_DESCRIPTION = 800;
const MAX_MEANING = 300;

const SYSTEM_PROMPT = [
  'You describe database knowledge for business people who do not write SQL.',
  'You get DataPoints generated from a database catalog and its profiles: tables (SCHEMA), metrics (BUSINESS) and data-loading hints (PROCESS).',
  'For each, write a clearer description: one or two plain sentences, no SQL, no invented tables, columns or values.',
  'For SCHEMA items you may also improve column meanings, for the columns given only.',
  'Answer with a JSON object only: {"items": [{"key": "...", "description": "...", "columns": {"column": "meaning"}}]}.',
].join(' ');

function factsOf(point: GeneratedDataPoint): Record<string, unknown> {
  const body = point.body as Record<string, unknown>;
  const facts: Record<string, unknown> = { key: point.key, type: point.type, title: point.title, description: body.description };
  if (point.type === 'SCHEMA') {
    facts.grain = body.grain;
    const columns = (body.columns ?? {}) as Record<string, { type: string; role: string; meaning: string; values?: string[] }>;
    facts.columns = Object.fromEntries(Object.entries(columns).map(([name, c]) => [name, { type: c.type, role: c.role, meaning: c.meaning, ...(c.values ? { values: c.values.slice(0, 6) } : {}) }]));
  } else if (point.type === 'BUSINESS') {
    Object.assign(facts, { expression: body.expression, filters: body.filters, timeDimension: body.timeDimension, dimensions: (body.dimensions as { name: string }[] | undefined)?.map((d) => d.name) });
  } else {
    Object.assign(facts, { loadPattern: body.loadPattern, dateColumn: body.dateColumn, updateColumn: body.updateColumn, latestValue: body.latestValue });
  }
  return facts;
}

function text(value: unknown, max: number): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim().replace(/\s+/g, ' ');
  return trimmed.length >= 3 && trimmed.length <= max ? trimmed : null;
}

export class DataPointEnricher {
  constructor(
    private readonly model: ChatModel,
    private readonly logger: Logger,
  ) {}

  /** Rewrites descriptions in place; returns how many were enriched and the first error, if any. */
  async enrich(points: GeneratedDataPoint[], databaseName: string): Promise<EnrichmentOutcome> {
    let enriched = 0;
    let error: string | null = null;
    for (let start = 0; start < points.length; start += BATCH) {
      const batch = points.slice(start, start + BATCH);
      try {
        const answer = await this.model.chat(
          [
            { role: 'system', content: SYSTEM_PROMPT },
            { role: 'user', content: JSON.stringify({ database: databaseName, items: batch.map(factsOf) }) },
          ],
          { temperature: 0.2, maxTokens: 1500, responseFormat: 'json' },
        );
        enriched += this.apply(batch, answer.content);
      } catch (failure) {
        error ??= (failure as Error).message;
        this.logger.warn('DataPoint enrichment failed for a batch; its deterministic descriptions stay', { database: databaseName, error: (failure as Error).message });
      }
    }
    return { enriched, model: this.model.chatModel, error };
  }

  private apply(batch: GeneratedDataPoint[], content: string): number {
    let parsed: unknown;
    try {
      parsed = JSON.parse(content);
    } catch {
      throw new Error('the model did not answer with JSON');
    }
    const items = (parsed as { items?: unknown }).items;
    if (!Array.isArray(items)) throw new Error('the model answered without an "items" list');
    const byKey = new Map(batch.map((p) => [p.key, p]));
    let applied = 0;
    for (const item of items as Record<string, unknown>[]) {
      const point = typeof item?.key === 'string' ? byKey.get(item.key) : undefined;
      const description = text(item?.description, MAX_DESCRIPTION);
      if (!point || !description) continue;
      const body = point.body as Record<string, unknown>;
      body.generatedDescription = body.description;
      body.description = description;
      body.descriptionSource = `llm:${this.model.chatModel}`;
      if (point.type === 'SCHEMA' && item.columns && typeof item.columns === 'object') {
        const columns = (body.columns ?? {}) as Record<string, { meaning: string }>;
        for (const [name, meaning] of Object.entries(item.columns as Record<string, unknown>)) {
          const better = text(meaning, MAX_MEANING);
          if (better && columns[name]) columns[name].meaning = better;
        }
      }
      byKey.delete(point.key);
      applied++;
    }
    return applied;
  }
}
