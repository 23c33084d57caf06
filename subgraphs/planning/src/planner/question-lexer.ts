// Owns the first compiler step: a question becomes tokens (words, numbers, quoted literals, punctuation) with their
// stems and their place in the original text, so later steps can match multi-word values exactly as typed.
import { stem } from '../semantic/english-stemmer';

export type TokenKind = 'word' | 'number' | 'quoted' | 'punct';

export interface Token {
  /** Position in the token list. */
  index: number;
  kind: TokenKind;
  /** As typed (for a quoted literal: the text between the quotes). */
  text: string;
  lower: string;
  stem: string;
  /** Offsets in the normalized question text. */
  start: number;
  end: number;
  /** For numbers (digits or number words). */
  number?: number;
  /** True when the number was written as digits (and can be a year). */
  digits?: boolean;
  /** Written with a % sign. */
  percent?: boolean;
}

export interface LexedQuestion {
  /** The question after contractions were expanded and possessives dropped. */
  text: string;
  tokens: Token[];
}

const NUMBER_WORDS: Record<string, number> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18,
  nineteen: 19, twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90,
  hundred: 100, thousand: 1000, once: 1, twice: 2, single: 1, dozen: 12,
};

const CONTRACTIONS: [RegExp, string][] = [
  [/\bwon['’]t\b/gi, 'will not'],
  [/\bcan['’]t\b/gi, 'can not'],
  [/\b(\w+)n['’]t\b/gi, '$1 not'],
  [/\b(\w+)['’]re\b/gi, '$1 are'],
  [/\b(\w+)['’]ve\b/gi, '$1 have'],
  [/\b(\w+)['’]ll\b/gi, '$1 will'],
  [/\b(what|who|where|which|that|there|it|he|she)['’]s\b/gi, '$1 is'],
];

/** Expands contractions and drops possessive endings, keeping quoted literals untouched. */
function normalize(question: string): string {
  let text = question.replace(/\s+/g, ' ').trim();
  // coordinators that read like conditions: "along with its id" lists one more thing
  text = text.replace(/,?\s+\b(along with|together with|as well as)\b/gi, ' and');
  for (const [re, replacement] of CONTRACTIONS) text = text.replace(re, replacement);
  // teacher's → teacher, students' → students (an apostrophe after a word that is not an opening quote).
  text = text.replace(/(\w)['’]s\b/g, '$1').replace(/(\w)s['’](?=\s|$|[,.?!;:])/g, '$1s');
  return text;
}

const OPENERS: Record<string, string> = { "'": "'", '"': '"', '‘': '’', '“': '”', '`': '`', '«': '»' };

function isBoundary(ch: string | undefined): boolean {
  return ch === undefined || /[\s,.;:!?()[\]{}]/.test(ch);
}

/** Finds the closing quote of a literal opening at `i`; -1 when it is not a literal. */
function closingQuote(text: string, i: number): { contentStart: number; contentEnd: number; next: number } | null {
  // ``text'' (LaTeX-style, as some datasets write it)
  if (text.startsWith('``', i)) {
    const end = text.indexOf("''", i + 2);
    if (end > i + 2) return { contentStart: i + 2, contentEnd: end, next: end + 2 };
    return null;
  }
  const open = text[i];
  const close = OPENERS[open];
  if (!close || !isBoundary(text[i - 1])) return null;
  for (let j = i + 1; j < text.length; j++) {
    if (text[j] === close || (open === "'" && text[j] === '’') || (open === '‘' && text[j] === "'")) {
      if (j === i + 1) return null;
      if (!isBoundary(text[j + 1]) && !(text[j + 1] === "'" && close === "'")) continue;
      return { contentStart: i + 1, contentEnd: j, next: j + 1 };
    }
  }
  return null;
}

export function lexQuestion(question: string): LexedQuestion {
  const text = normalize(question);
  const tokens: Token[] = [];
  const push = (kind: TokenKind, raw: string, start: number, end: number, extra: Partial<Token> = {}): void => {
    const lower = raw.toLowerCase();
    tokens.push({ index: tokens.length, kind, text: raw, lower, stem: kind === 'word' ? stem(lower) : lower, start, end, ...extra });
  };
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const quote = OPENERS[ch] || text.startsWith('``', i) ? closingQuote(text, i) : null;
    if (quote) {
      const content = text.slice(quote.contentStart, quote.contentEnd).trim();
      if (content) push('quoted', content, i, quote.next);
      i = quote.next;
      continue;
    }
    const num = /^\$?(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(%|k\b)?/i.exec(text.slice(i));
    if (num && (isBoundary(text[i + num[0].length]) || text[i + num[0].length] === '-')) {
      let value = Number(`${num[1].replace(/,/g, '')}${num[2] ?? ''}`);
      let end = i + num[0].length;
      if (num[3]?.toLowerCase() === 'k') value *= 1000;
      // "20 million", "1.5 billion"
      const scale = /^\s+(thousand|million|billion|mn|bn)\b/i.exec(text.slice(end));
      if (scale) {
        value *= { thousand: 1e3, million: 1e6, mn: 1e6, billion: 1e9, bn: 1e9 }[scale[1].toLowerCase() as 'thousand'];
        end += scale[0].length;
      }
      push('number', text.slice(i, end), i, end, { number: value, digits: !scale && !num[3] && !num[0].startsWith('$') && !num[0].includes(','), percent: num[3] === '%' });
      i = end;
      continue;
    }
    const word = /^[\p{L}\p{N}_]+/u.exec(text.slice(i));
    if (word) {
      const raw = word[0];
      const lower = raw.toLowerCase();
      if (lower in NUMBER_WORDS) push('number', raw, i, i + raw.length, { number: NUMBER_WORDS[lower], digits: false });
      else push('word', raw, i, i + raw.length);
      i += raw.length;
      continue;
    }
    push('punct', ch, i, i + 1);
    i++;
  }
  return { text, tokens };
}

/** The text a span of tokens covers, as typed (quoted tokens without their quotes). */
export function spanText(lexed: LexedQuestion, from: number, to: number): string {
  if (to - from === 1) return lexed.tokens[from].text;
  return lexed.text.slice(lexed.tokens[from].start, lexed.tokens[to - 1].end);
}
