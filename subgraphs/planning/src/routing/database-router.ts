// Decides which connection answers a question, and says why: an explicit choice, a database the question names,
// the conversation's database, the one whose tables and DataPoints fit the question best, or the default.
import { QuerentError } from '@querent/common';
import type { CatalogDatabaseSummary, CatalogReader } from '../catalog-access/catalog-reader';
import { chooseSchema } from '../context/planning-context-builder';
import { rankTables } from '../context/table-relevance';

export interface RouteDecision {
  database: CatalogDatabaseSummary;
  /** explicit | mention | conversation | relevance | default | only */
  basis: string;
  reason: string;
}

/** Where the router remembers which database a conversation last used. */
export interface ConversationMemory {
  lastDatabaseOf(conversationId: string): Promise<string | null>;
}

/** Relevance is only computed over this many connections; beyond it the default answers. */
const RELEVANCE_LIMIT = 10;
/** A database must beat the default by this margin to win on relevance alone. */
const RELEVANCE_MARGIN = 2;

export class DatabaseRouter {
  constructor(private readonly catalog: CatalogReader, private readonly conversations: ConversationMemory) {}

  async route(question: string, options: { databaseId?: string | null; conversationId?: string | null }): Promise<RouteDecision> {
    const databases = await this.catalog.databases();
    if (databases.length === 0) {
      throw new QuerentError('NO_DATABASE', 'No database is connected yet. Add one (addDatabase, or `querent add <name> <url>`) and ask again.');
    }
    if (options.databaseId) {
      const chosen = databases.find((d) => d.id === options.databaseId);
      if (!chosen) throw new QuerentError('NOT_FOUND', `No database has the id "${options.databaseId}".`);
      return { database: chosen, basis: 'explicit', reason: `you chose ${chosen.name}` };
    }
    const mentioned = mentionedDatabase(question, databases);
    if (mentioned) return { database: mentioned, basis: 'mention', reason: `the question names ${mentioned.name}` };
    if (options.conversationId) {
      const last = await this.conversations.lastDatabaseOf(options.conversationId);
      const previous = databases.find((d) => d.id === last);
      if (previous) return { database: previous, basis: 'conversation', reason: `this conversation was about ${previous.name}` };
    }
    const fallback = databases.find((d) => d.isDefault) ?? databases[0];
    if (databases.length === 1) return { database: fallback, basis: 'only', reason: `${fallback.name} is the only database connected` };
    const best = await this.mostRelevant(question, databases.slice(0, RELEVANCE_LIMIT), fallback);
    if (best) return best;
    return { database: fallback, basis: 'default', reason: `${fallback.name} is the default database and no other one fits the question better` };
  }

  private async mostRelevant(question: string, databases: CatalogDatabaseSummary[], fallback: CatalogDatabaseSummary): Promise<RouteDecision | null> {
    const scored = await Promise.all(
      databases.map(async (database) => {
        try {
          const schema = chooseSchema(question, await this.catalog.schemas(database.id));
          const [tables, dataPoints] = await Promise.all([this.catalog.tables(database.id, schema), this.catalog.dataPoints(database.id)]);
          const top = rankTables(question, tables, dataPoints).slice(0, 3);
          return { database, score: top.reduce((sum, r) => sum + r.score, 0), why: top.filter((r) => r.score > 0).map((r) => r.table.name) };
        } catch {
          // An unreachable database simply does not compete.
          return { database, score: -1, why: [] as string[] };
        }
      }),
    );
    scored.sort((a, b) => b.score - a.score || a.database.name.localeCompare(b.database.name));
    const winner = scored[0];
    const fallbackScore = scored.find((s) => s.database.id === fallback.id)?.score ?? 0;
    if (!winner || winner.score <= 0 || winner.database.id === fallback.id || winner.score < fallbackScore + RELEVANCE_MARGIN) return null;
    return { database: winner.database, basis: 'relevance', reason: `${winner.database.name} has the tables the question is about (${winner.why.join(', ')})` };
  }
}

/** A connection named in the question ("in sales_db", "from the warehouse database"), by name or tag. */
export function mentionedDatabase(question: string, databases: readonly CatalogDatabaseSummary[]): CatalogDatabaseSummary | null {
  const lowered = question.toLowerCase();
  const byName = databases
    .filter((d) => new RegExp(`(^|[^a-z0-9_])${escapeRegExp(d.name.toLowerCase())}([^a-z0-9_]|$)`).test(lowered))
    .sort((a, b) => b.name.length - a.name.length);
  if (byName[0]) return byName[0];
  const byTag = databases.filter((d) => d.tags.some((t) => new RegExp(`\\b(in|from|on)\\s+(the\\s+)?${escapeRegExp(t.toLowerCase())}\\b`).test(lowered)));
  return byTag.length === 1 ? byTag[0] : null;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
