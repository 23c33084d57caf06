// English singular and plural forms of table-name words, small enough to read: a few suffix rules plus the
// irregular and invariant words as data. Naming heuristics compare singular forms (`customers` ~ `customer`).

/** singular → plural, for words no rule gets right. */
export const IRREGULAR_PLURALS: Readonly<Record<string, string>> = {
  person: 'people',
  man: 'men',
  woman: 'women',
  child: 'children',
  foot: 'feet',
  tooth: 'teeth',
  goose: 'geese',
  mouse: 'mice',
  ox: 'oxen',
  datum: 'data',
  medium: 'media',
  criterion: 'criteria',
  phenomenon: 'phenomena',
  index: 'indices',
  matrix: 'matrices',
  vertex: 'vertices',
  analysis: 'analyses',
  axis: 'axes',
  basis: 'bases',
  crisis: 'crises',
  thesis: 'theses',
  cactus: 'cacti',
  leaf: 'leaves',
  life: 'lives',
  knife: 'knives',
  wife: 'wives',
  half: 'halves',
  shelf: 'shelves',
  wolf: 'wolves',
  quiz: 'quizzes',
  movie: 'movies',
  shoe: 'shoes',
  hero: 'heroes',
  potato: 'potatoes',
  tomato: 'tomatoes',
  echo: 'echoes',
  cookie: 'cookies',
  zombie: 'zombies',
  bus: 'buses',
  alias: 'aliases',
  status: 'statuses',
  address: 'addresses',
  business: 'businesses',
  campus: 'campuses',
  virus: 'viruses',
};

/** Words whose singular and plural are the same. */
export const INVARIANT_WORDS: ReadonlySet<string> = new Set([
  'series', 'species', 'news', 'sheep', 'fish', 'deer', 'equipment', 'information', 'staff', 'data', 'metadata',
  'media', 'software', 'hardware', 'feedback', 'inventory', 'rice', 'money', 'aircraft', 'personnel', 'music', 'info',
]);

const IRREGULAR_SINGULARS: Readonly<Record<string, string>> = Object.fromEntries(Object.entries(IRREGULAR_PLURALS).map(([s, p]) => [p, s]));

/** The singular of one lower-case word (`categories` → `category`, `boxes` → `box`, `people` → `person`). */
export function singular(word: string): string {
  const w = word.toLowerCase();
  if (INVARIANT_WORDS.has(w) || w.length < 3) return w;
  if (IRREGULAR_SINGULARS[w]) return IRREGULAR_SINGULARS[w];
  if (IRREGULAR_PLURALS[w]) return w; // already a singular we know
  if (/[^aeiou]ies$/.test(w)) return `${w.slice(0, -3)}y`;
  if (/(ss|sh|ch|x|z)es$/.test(w)) return w.slice(0, -2);
  if (/[^aeiou]oes$/.test(w)) return w.slice(0, -2);
  if (/(ss|us|is)$/.test(w)) return w; // address, status, analysis: singular already
  if (w.endsWith('s')) return w.slice(0, -1);
  return w;
}

/** The plural of one lower-case word (`category` → `categories`, `box` → `boxes`, `person` → `people`). */
export function plural(word: string): string {
  const w = word.toLowerCase();
  if (INVARIANT_WORDS.has(w)) return w;
  if (IRREGULAR_PLURALS[w]) return IRREGULAR_PLURALS[w];
  if (IRREGULAR_SINGULARS[w]) return w;
  if (/[^aeiou]y$/.test(w)) return `${w.slice(0, -1)}ies`;
  if (/(s|sh|ch|x|z)$/.test(w)) return `${w}es`;
  return `${w}s`;
}
