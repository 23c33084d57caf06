// A small English stemmer for matching words of a question against schema names: plurals, -ing/-ed forms and a few
// derivational endings fold onto one root ("countries" → "countri", "produced"/"producing" → "produc").
// It is for matching only; the roots are not meant to be read.

const IRREGULAR: Record<string, string> = {
  people: 'person',
  persons: 'person',
  men: 'man',
  women: 'woman',
  children: 'child',
  mice: 'mouse',
  feet: 'foot',
  teeth: 'tooth',
  geese: 'goose',
  data: 'datum',
  indices: 'index',
  matrices: 'matrix',
  analyses: 'analysis',
  criteria: 'criterion',
  ids: 'id',
  uids: 'uid',
  was: 'be',
  were: 'be',
  is: 'be',
  are: 'be',
  been: 'be',
  has: 'have',
  had: 'have',
  having: 'have',
  does: 'do',
  did: 'do',
  done: 'do',
  made: 'make',
  sold: 'sell',
  bought: 'buy',
  won: 'win',
  lost: 'lose',
  paid: 'pay',
  born: 'birth',
  taught: 'teach',
  held: 'hold',
  built: 'build',
  spent: 'spend',
  given: 'give',
  gave: 'give',
  got: 'get',
  went: 'go',
  ran: 'run',
};

/** Words whose trailing `s` is not a plural. */
const KEEP_S = new Set(['status', 'bus', 'campus', 'gas', 'news', 'series', 'species', 'analysis', 'basis', 'axis', 'this', 'its', 'his', 'us', 'yes', 'plus', 'minus', 'bonus', 'census', 'virus', 'focus', 'corpus', 'alias', 'class', 'address', 'business', 'process', 'access', 'success', 'loss', 'boss', 'miss', 'across', 'less', 'unless', 'chess', 'glass', 'mass', 'pass', 'gross', 'cross', 'ms', 'mrs', 'sms', 'gps', 'os', 'thus', 'previous', 'famous', 'various', 'religious', 'nervous', 'tennis', 'physics', 'mathematics', 'statistics', 'economics', 'politics', 'athletics', 'genus', 'canvas', 'atlas', 'texas', 'paris', 'christmas', 'iris', 'chassis', 'lens', 'means', 'headquarters', 'odds', 'overseas', 'whereas', 'perhaps', 'always', 'sometimes', 'towards', 'besides', 'afterwards', 'nowadays']);

function stripPlural(word: string): string {
  if (word.length <= 3 || KEEP_S.has(word)) return word;
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (word.endsWith('sses')) return word.slice(0, -2);
  if (/(xes|ches|shes|zzes)$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('ss') || word.endsWith('us') || word.endsWith('is')) return word;
  if (word.endsWith('s')) return word.slice(0, -1);
  return word;
}

/** The singular of a plural noun ("countries" → "country", "matches" → "match"); other words come back unchanged. */
export function singular(word: string): string {
  const w = word.toLowerCase();
  const irregular = IRREGULAR[w];
  if (irregular && !['be', 'have', 'do'].includes(irregular)) return irregular;
  return stripPlural(w);
}

const VOWEL = /[aeiouy]/;

/** The matching root of a word. */
export function stem(word: string): string {
  let w = word.toLowerCase();
  if (IRREGULAR[w]) w = IRREGULAR[w];
  if (w.length <= 3) return w;
  w = stripPlural(w);
  // -ing, -ed only when a vowel stays in front (sing, bed and red keep their endings).
  for (const suffix of ['ing', 'ed']) {
    if (w.endsWith(suffix) && w.length - suffix.length >= 3 && VOWEL.test(w.slice(0, -suffix.length))) {
      w = w.slice(0, -suffix.length);
      // produc(ed) / stop(p)ed / carri(ed)
      if (/([b-df-hj-np-tv-z])\1$/.test(w) && !/(ll|ss|zz)$/.test(w)) w = w.slice(0, -1);
      if (w.endsWith('i')) w = `${w.slice(0, -1)}y`;
      break;
    }
  }
  for (const [suffix, replacement] of [
    ['ational', 'ate'],
    ['ization', 'ize'],
    ['ation', 'ate'],
    ['ness', ''],
    ['ment', ''],
    ['ful', ''],
  ] as const) {
    if (w.endsWith(suffix) && w.length - suffix.length >= 4) {
      w = w.slice(0, -suffix.length) + replacement;
      break;
    }
  }
  if (w.endsWith('e') && w.length > 3) w = w.slice(0, -1);
  if (w.endsWith('y') && w.length > 3) w = `${w.slice(0, -1)}i`;
  return w;
}
