// Turning table and column names into plain English for the deterministic DataPoint texts: words, singulars, lists.
import { nameWords } from './column-roles';

/** `order_items` → `order items`, `InvoiceLine` → `invoice line`. */
export function humanize(name: string): string {
  return nameWords(name).replace(/_/g, ' ');
}

const IRREGULAR: Readonly<Record<string, string>> = { people: 'person', children: 'child', men: 'man', women: 'woman', data: 'data', media: 'media', series: 'series', news: 'news' };

function singularWord(word: string): string {
  if (IRREGULAR[word]) return IRREGULAR[word];
  if (/ies$/.test(word) && word.length > 4) return word.slice(0, -3) + 'y';
  if (/(ss|us|is)$/.test(word)) return word;
  if (/(ches|shes|xes|sses|zes)$/.test(word)) return word.slice(0, -2);
  if (/s$/.test(word) && word.length > 3) return word.slice(0, -1);
  return word;
}

/** The singular of a table name in words: `order_items` → `order item`, `categories` → `category`. */
export function singularOf(name: string): string {
  const words = humanize(name).split(' ');
  words[words.length - 1] = singularWord(words[words.length - 1]);
  return words.join(' ');
}

export function pluralOf(name: string): string {
  const singular = singularOf(name);
  if (/[^aeiou]y$/.test(singular)) return singular.slice(0, -1) + 'ies';
  if (/(s|x|z|ch|sh)$/.test(singular)) return singular + 'es';
  return singular + 's';
}

/** `a`, `a and b`, `a, b and c`. */
export function listOf(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** `a customer`, `an order`. */
export function withArticle(noun: string): string {
  return `${/^[aeiou]/i.test(noun) ? 'an' : 'a'} ${noun}`;
}

export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A SQL string literal. */
export function sqlString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** A number for people: at most two decimals, thousands grouped. */
export function formatNumber(value: number): string {
  return Number.isInteger(value) ? value.toLocaleString('en-US') : value.toLocaleString('en-US', { maximumFractionDigits: 2 });
}
