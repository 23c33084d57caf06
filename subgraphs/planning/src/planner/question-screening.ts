// Owns the checks a question passes before planning: empty, too long, SQL pasted as a question (handed to the SQL
// guard untouched), or written in another language. Each gets a typed answer instead of a guess.
import type { PlanResult } from './planner';

export const MAX_QUESTION_CHARS = 2000;

/** Statement shapes: a keyword and the syntax that must follow it, so "Show the names…" stays a question. */
const SQL_STATEMENTS: readonly RegExp[] = [
  /^\s*\(?\s*select\s+(distinct\s+|all\s+|top\s+\d+\s+)?(\*|[\w."`[\]()]+)[\s\S]*?\bfrom\s+[\w."`[(]/i,
  /^\s*select\s+(\d|'|\(|count\s*\(|\*)/i,
  /^\s*with\s+(recursive\s+)?[\w"`]+\s*(\([^)]*\)\s*)?as\s*\(/i,
  /^\s*insert\s+(or\s+\w+\s+)?into\s/i,
  /^\s*update\s+[\w."`]+\s+set\s/i,
  /^\s*delete\s+from\s/i,
  /^\s*(drop|create|alter|truncate)\s+(or\s+replace\s+)?(temporary\s+|temp\s+|unique\s+|materialized\s+)?(table|view|index|database|schema|trigger|function|procedure|sequence|user|role)\b/i,
  /^\s*(grant|revoke)\s[\s\S]*\b(on|to|from)\b/i,
  /^\s*explain\s+(analyze\s+|query\s+plan\s+)?(select|with|insert|update|delete)\b/i,
  /^\s*pragma\s+\w+/i,
  /^\s*(attach|detach)\s+(database\s+)?['"\w]/i,
  /^\s*(show\s+(tables|databases|columns|schemas|create|index|grants|variables|processlist)|describe\s+[\w."`]+\s*;?\s*$|use\s+[\w`"]+\s*;?\s*$|vacuum\b|copy\s+[\w."]+\s+(from|to)\b|call\s+\w+\s*\(|set\s+\w+\s*(=|to)\s)/i,
];

/** English function words: a question with none of these is probably not English. */
const ENGLISH = new Set(['the', 'a', 'an', 'of', 'in', 'on', 'for', 'to', 'by', 'with', 'and', 'or', 'is', 'are', 'was', 'were', 'what', 'which', 'who', 'how', 'many', 'much', 'show', 'list', 'find', 'give', 'me', 'all', 'each', 'per', 'from', 'that', 'have', 'has', 'do', 'does', 'did', 'top', 'by', 'than', 'more', 'less', 'most', 'total', 'number', 'average', 'count', 'last', 'this', 'year', 'month', 'where', 'when', 'whose', 'their', 'its', 'there', 'be', 'not', 'no']);
/** Function words of other languages that English questions do not use. */
const FOREIGN = new Set([
  // French
  'le', 'la', 'les', 'des', 'du', 'est', 'sont', 'quel', 'quelle', 'quels', 'quelles', 'combien', 'par', 'pour', 'avec', 'dans', 'et', 'ou', 'qui', 'que', 'une', 'chiffre', 'affaires', 'dernier', 'mois', 'année',
  // German
  'der', 'die', 'das', 'den', 'dem', 'ist', 'sind', 'wie', 'viele', 'welche', 'welcher', 'und', 'oder', 'mit', 'für', 'im', 'pro', 'zeige', 'umsatz', 'letzten', 'jahr', 'kunden',
  // Spanish / Portuguese / Italian
  'el', 'los', 'las', 'cuántos', 'cuantos', 'cuál', 'cual', 'qué', 'muestra', 'por', 'para', 'con', 'en', 'y', 'del', 'ventas', 'clientes', 'año', 'quantos', 'qual', 'mostre', 'não', 'il', 'gli', 'di', 'che', 'quanti', 'quale', 'mostra', 'vendite',
  // Dutch
  'het', 'een', 'hoeveel', 'welke', 'zijn', 'van', 'voor', 'met', 'omzet',
]);

export interface ScreeningResult {
  /** An answer that ends planning here, or null to go on. */
  answer: PlanResult | null;
}

export function screenQuestion(question: unknown): ScreeningResult {
  if (typeof question !== 'string' || question.trim() === '') {
    return { answer: { kind: 'unanswerable', reason: 'The question is empty; ask something about the data, e.g. "How many orders were placed last month?"', missing: ['question'] } };
  }
  const q = question.trim();
  if (q.length > MAX_QUESTION_CHARS) {
    return {
      answer: {
        kind: 'unanswerable',
        reason: `The question is ${q.length} characters long; the limit is ${MAX_QUESTION_CHARS}. Ask one thing at a time in a sentence or two.`,
        missing: ['a shorter question'],
      },
    };
  }
  const proseVerb = /^\s*(select|show|update|delete|create|drop|set|use|describe|call|copy)\s+(the|a|an|our|my|me|all the|every|each|some|any|those|these|which|what|how)\b/i.test(q);
  if (!proseVerb && SQL_STATEMENTS.some((re) => re.test(q))) {
    return { answer: { kind: 'sql', sql: q, reason: 'This is SQL, not a question in words; it goes to the SQL guard as written.' } };
  }
  const letters = q.replace(/[^\p{L}]/gu, '');
  const latin = q.replace(/[^A-Za-z\u00C0-\u024F]/g, '');
  if (letters.length >= 3 && latin.length / letters.length < 0.5) {
    return { answer: { kind: 'unanswerable', reason: 'The question does not look like English; the offline planner understands English only. Please ask in English.', missing: ['an English question'] } };
  }
  const words = q.toLowerCase().split(/[^\p{L}]+/u).filter(Boolean);
  const english = words.filter((w) => ENGLISH.has(w)).length;
  const foreign = words.filter((w) => FOREIGN.has(w) && !ENGLISH.has(w)).length;
  if (foreign >= 2 && foreign > english) {
    return { answer: { kind: 'unanswerable', reason: 'The question does not look like English; the offline planner understands English only. Please ask in English.', missing: ['an English question'] } };
  }
  return { answer: null };
}
