// Owns the checks a question passes before planning: empty, too long, SQL pasted as a question (handed to the SQL
// guard untouched), or written in another language. Each gets a typed answer instead of a guess.
import type { PlanResult } from './planner';

export const MAX_QUESTION_CHARS = 1000;

const SQL_START = /^\s*(select|with|insert|update|delete|drop|create|alter|truncate|merge|replace|grant|revoke|explain|pragma|attach|detach|vacuum|call|exec|execute|set|begin|commit|rollback|copy|show|describe|desc|use)\b/i;
const SQL_SHAPE = /\b(from|into|table|set|values|where|join|database|schema|index|view)\b|\*|;|\(\s*select\b/i;

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
  if (SQL_START.test(q) && SQL_SHAPE.test(q) && !/\?\s*$/.test(q.replace(/'[^']*'/g, ''))) {
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
