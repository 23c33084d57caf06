// A deterministic text embedding that needs no model and no key: hashed word, word-pair and character-trigram
// features, sublinear term weights, L2-normalized. Good enough to find "revenue by month" among a database's
// DataPoints; the same text always gives the same vector, on every machine.
import type { TextEmbedder } from './vector-index';

export const LOCAL_EMBEDDING_DIMENSIONS = 512;

// Words that carry no meaning for matching questions to knowledge.
const STOP_WORDS = new Set(
  'a an and are as at be by for from has have how in is it its of on or per that the this to was were what when where which who with each every all any one our their there these those do does did we us our me my i you your show give get list over into than'.split(' '),
);

/** FNV-1a, 32 bits: fast, stable, and spreads short strings well enough for feature hashing. */
function fnv1a(text: string, seed = 0x811c9dc5): number {
  let hash = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** Words of a text: camelCase and snake_case split, lower-cased, a plural `s` dropped, stop words removed. */
export function textTokens(text: string): string[] {
  const spaced = text.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  const words = spaced.split(/[^a-z0-9]+/).filter((w) => w.length > 0 && !STOP_WORDS.has(w));
  return words.map((w) => (w.length > 3 && w.endsWith('s') && !w.endsWith('ss') ? w.slice(0, -1) : w));
}

function addFeature(vector: Float64Array, feature: string, weight: number): void {
  const hash = fnv1a(feature);
  const slot = hash % vector.length;
  // A second, independent bit decides the sign, so collisions cancel out on average instead of piling up.
  const sign = fnv1a(feature, 0x9e3779b1) & 1 ? 1 : -1;
  vector[slot] += sign * weight;
}

export function embedTextLocally(text: string, dimensions = LOCAL_EMBEDDING_DIMENSIONS): number[] {
  const vector = new Float64Array(dimensions);
  const counts = new Map<string, number>();
  const count = (feature: string) => counts.set(feature, (counts.get(feature) ?? 0) + 1);
  const tokens = textTokens(text);
  tokens.forEach((token, i) => {
    count(`w:${token}`);
    if (i > 0) count(`b:${tokens[i - 1]} ${token}`);
    const padded = `^${token}$`;
    for (let j = 0; j + 3 <= padded.length; j++) count(`c:${padded.slice(j, j + 3)}`);
  });
  for (const [feature, n] of counts) {
    const kind = feature[0];
    const weight = kind === 'w' ? 1 : kind === 'b' ? 0.7 : 0.25;
    addFeature(vector, feature, weight * (1 + Math.log(n)));
  }
  let norm = 0;
  for (const v of vector) norm += v * v;
  norm = Math.sqrt(norm);
  return Array.from(vector, (v) => (norm === 0 ? 0 : v / norm));
}

export class LocalTextEmbedder implements TextEmbedder {
  readonly model: string;

  constructor(private readonly dimensions = LOCAL_EMBEDDING_DIMENSIONS) {
    this.model = `local-hash-${dimensions}`;
  }

  async embed(texts: readonly string[]): Promise<number[][]> {
    return texts.map((text) => embedTextLocally(text, this.dimensions));
  }
}
