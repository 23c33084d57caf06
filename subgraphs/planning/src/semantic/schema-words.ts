// How schema names read as words: `AirportCode` → "airport code", `Num_of_Staff` → "number of staff", `LName` →
// "last name". Shared by the semantic index (matching) and explanations (plain words).
import { splitIdentifier } from '@querent/common';
import { ABBREVIATIONS, SYNONYM_GROUPS } from './business-synonyms';
import { singular, stem } from './english-stemmer';

/** Words that carry no meaning in names or phrases. */
export const STOP_WORDS = new Set(['the', 'a', 'an', 'of', 'for', 'in', 'on', 'at', 'to', 'by', 'and', 'with', 'its', 'their', 'all', 'any', 'each', 'every', 'per', 'is', 'are', 'be']);

export { splitIdentifier };

/** The words an identifier stands for, with abbreviations expanded (`LName` → last name, `FlightNo` → flight number). */
export function identifierWords(name: string): string[] {
  const whole = name.replace(/[^A-Za-z0-9]/g, '').toLowerCase();
  if (ABBREVIATIONS[whole]) return ABBREVIATIONS[whole].split(' ');
  const out: string[] = [];
  const parts = splitIdentifier(name);
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    // A lone capital before a word (L + Name) is usually an abbreviation of the pair: lname.
    if (p.length === 1 && i + 1 < parts.length && ABBREVIATIONS[p + parts[i + 1]]) {
      out.push(...ABBREVIATIONS[p + parts[i + 1]].split(' '));
      i++;
      continue;
    }
    const expansion = ABBREVIATIONS[p];
    out.push(...(expansion ? expansion.split(' ') : [p]));
  }
  return out;
}

/** Plain words for a schema name: `order_items` → "order items". */
export function readableName(name: string): string {
  return identifierWords(name).join(' ');
}

const canonicalByStem = new Map<string, string>();
for (const group of SYNONYM_GROUPS) {
  const canonical = stem(group[0]);
  for (const word of group) if (!word.includes(' ')) canonicalByStem.set(stem(word), canonical);
}

/** The stem of a word mapped onto its synonym group's representative: "client" and "customer" meet. */
export function canonicalStem(word: string): string {
  const s = stem(word);
  return canonicalByStem.get(s) ?? s;
}

/** True when two words are synonyms (or the same word) in the built-in vocabulary. */
export function sameMeaning(a: string, b: string): boolean {
  return canonicalStem(a) === canonicalStem(b);
}

export { singular, stem };
