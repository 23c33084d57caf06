// Built-in vocabulary as data: business synonyms, abbreviations found in column names, and adjectives that name an
// attribute ("youngest" → age, ascending). General English, never tied to one database.

/** Words that mean the same thing in business questions. Each group is symmetric. */
export const SYNONYM_GROUPS: readonly (readonly string[])[] = [
  ['revenue', 'sales', 'turnover', 'income', 'spent', 'spend', 'spending'],
  ['customer', 'client', 'account', 'buyer', 'purchaser'],
  ['employee', 'staff', 'worker', 'personnel'],
  ['product', 'item', 'good', 'merchandise', 'article'],
  ['order', 'purchase'],
  ['price', 'cost', 'fee', 'charge'],
  ['shop', 'store', 'outlet'],
  ['maker', 'manufacturer', 'producer', 'brand'],
  ['tournament', 'tourney', 'competition'],
  ['country', 'nation', 'nationality'],
  ['city', 'town'],
  ['teacher', 'instructor', 'tutor', 'lecturer'],
  ['student', 'pupil'],
  ['film', 'movie'],
  ['car', 'automobile', 'vehicle', 'auto'],
  ['song', 'track', 'tune'],
  ['salary', 'wage', 'pay', 'earning'],
  ['address', 'location', 'place'],
  ['sex', 'gender'],
  ['phone', 'telephone'],
  ['begin', 'start'],
  ['finish', 'end'],
  ['region', 'area', 'territory'],
  ['category', 'kind', 'type', 'class', 'genre'],
  ['quantity', 'qty', 'unit'],
  ['discount', 'rebate'],
  ['refund', 'reimbursement'],
  ['description', 'detail'],
  ['destination', 'dest', 'arrival', 'arrive', 'arriving', 'land', 'landing', 'inbound', 'into'],
  ['source', 'src', 'origin', 'depart', 'departing', 'departure', 'leave', 'leaving', 'outbound'],
  ['hometown', 'home town', 'birthplace'],
  ['capacity', 'size'],
  ['status', 'state'],
  ['channel', 'medium'],
  ['vote', 'ballot'],
  ['dog', 'puppy'],
  ['airline', 'carrier'],
  ['mark', 'score', 'grade'],
  ['winner', 'win', 'won', 'winning', 'victor'],
  ['loser', 'lose', 'lost', 'losing'],
];

/** Abbreviations seen in column names and what they stand for (matched on whole name parts). */
export const ABBREVIATIONS: Readonly<Record<string, string>> = {
  fname: 'first name',
  lname: 'last name',
  mname: 'middle name',
  dob: 'date of birth',
  num: 'number',
  no: 'number',
  nbr: 'number',
  nr: 'number',
  qty: 'quantity',
  amt: 'amount',
  desc: 'description',
  descr: 'description',
  addr: 'address',
  ht: 'height',
  wt: 'weight',
  yr: 'year',
  mpg: 'miles per gallon',
  hp: 'horsepower',
  cnt: 'count',
  avg: 'average',
  pct: 'percent',
  org: 'organization',
  dept: 'department',
  emp: 'employee',
  stu: 'student',
  stuid: 'student id',
  prof: 'professor',
  cust: 'customer',
  prod: 'product',
  dest: 'destination',
  src: 'source',
  abbrev: 'abbreviation',
  cont: 'continent',
  contid: 'continent id',
  tel: 'telephone',
  lat: 'latitude',
  lon: 'longitude',
  lng: 'longitude',
  pop: 'population',
  max: 'maximum',
  min: 'minimum',
  info: 'information',
  ioc: 'country',
  edispl: 'engine displacement',
  accel: 'acceleration',
  dt: 'date',
  ts: 'timestamp',
  sku: 'stock keeping unit',
  ref: 'reference',
  pk: 'id',
  uid: 'id',
};

/**
 * Status values after which a row usually does not count towards totals (the catalog's DataPoint generator excludes the
 * same values from the metrics it proposes): cancelled orders, void invoices, failed payments, test accounts.
 */
export { EXCLUDED_STATUS_VALUE } from '@querent/common';

/** Words of buying and selling: a question that uses one measures transactions ("how much did we sell", "bought"). */
export const TRANSACTION_WORDS = new Set([
  'sell', 'sells', 'selling', 'sold', 'sale', 'sales', 'buy', 'buys', 'buying', 'bought', 'purchase', 'purchased', 'purchases',
  'spend', 'spends', 'spent', 'spending', 'revenue', 'revenues', 'turnover', 'income', 'earn', 'earned', 'earnings',
]);

/** Words asking for a total or a mean of a measure. */
export const AGGREGATE_WORDS = new Set(['total', 'totals', 'sum', 'average', 'mean', 'much']);

/** Words too generic to identify a table or column on their own. */
export const GENERIC_WORDS = new Set([
  'id', 'ids', 'name', 'names', 'code', 'codes', 'type', 'types', 'number', 'date', 'details', 'detail', 'info', 'information',
  'other', 'data', 'value', 'values', 'list', 'record', 'records', 'entry', 'entries', 'ref', 'all', 'total',
]);

/** An adjective (comparative or superlative) that names an attribute and a direction. */
export interface AttributeAdjective {
  /** Words of the attribute it is about, best first. */
  attribute: readonly string[];
  /** `desc` when the adjective means "more of the attribute". */
  direction: 'asc' | 'desc';
}

/** "oldest" means the largest age (or the earliest birth date: see `invertedFor`). */
export const ATTRIBUTE_ADJECTIVES: Readonly<Record<string, AttributeAdjective>> = {
  old: { attribute: ['age', 'birth', 'year', 'date'], direction: 'desc' },
  young: { attribute: ['age', 'birth', 'year', 'date'], direction: 'asc' },
  heavy: { attribute: ['weight'], direction: 'desc' },
  light: { attribute: ['weight'], direction: 'asc' },
  tall: { attribute: ['height'], direction: 'desc' },
  short: { attribute: ['height', 'length', 'duration', 'minute', 'millisecond', 'second'], direction: 'asc' },
  long: { attribute: ['length', 'duration', 'minute', 'millisecond', 'second', 'time'], direction: 'desc' },
  expensive: { attribute: ['price', 'cost', 'amount'], direction: 'desc' },
  cheap: { attribute: ['price', 'cost', 'amount'], direction: 'asc' },
  early: { attribute: ['date', 'year', 'time', 'day'], direction: 'asc' },
  late: { attribute: ['date', 'year', 'time', 'day'], direction: 'desc' },
  recent: { attribute: ['date', 'year', 'time', 'day'], direction: 'desc' },
  new: { attribute: ['date', 'year', 'open', 'time'], direction: 'desc' },
  rich: { attribute: ['money', 'worth', 'wealth', 'salary'], direction: 'desc' },
  poor: { attribute: ['money', 'worth', 'wealth', 'salary'], direction: 'asc' },
  fast: { attribute: ['speed', 'accelerate', 'time'], direction: 'desc' },
  slow: { attribute: ['speed', 'accelerate', 'time'], direction: 'asc' },
  big: { attribute: ['size', 'capacity', 'area', 'population'], direction: 'desc' },
  large: { attribute: ['size', 'capacity', 'area', 'population'], direction: 'desc' },
  small: { attribute: ['size', 'capacity', 'area', 'population'], direction: 'asc' },
  popular: { attribute: ['popularity', 'rating', 'vote', 'view'], direction: 'desc' },
  busy: { attribute: ['passenger', 'traffic'], direction: 'desc' },
};

/** Inflections of those adjectives ("older", "oldest", "heaviest"), each to its base. */
export function adjectiveBase(word: string): { base: string; degree: 'comparative' | 'superlative' | 'positive' } | null {
  const w = word.toLowerCase();
  if (ATTRIBUTE_ADJECTIVES[w]) return { base: w, degree: 'positive' };
  const forms: [RegExp, string, 'comparative' | 'superlative'][] = [
    [/^(\w+?)iest$/, '$1y', 'superlative'],
    [/^(\w+?)ier$/, '$1y', 'comparative'],
    [/^(\w+?)(\w)\2est$/, '$1$2', 'superlative'],
    [/^(\w+?)(\w)\2er$/, '$1$2', 'comparative'],
    [/^(\w+?)est$/, '$1', 'superlative'],
    [/^(\w+?)er$/, '$1', 'comparative'],
    [/^(\w+?)est$/, '$1e', 'superlative'],
    [/^(\w+?)er$/, '$1e', 'comparative'],
  ];
  for (const [re, replacement, degree] of forms) {
    if (!re.test(w)) continue;
    const base = w.replace(re, replacement);
    if (ATTRIBUTE_ADJECTIVES[base]) return { base, degree };
  }
  return null;
}

/** Attributes where a bigger number means "less" (rank 1 is the best): "highest rank" sorts ascending. */
export const INVERTED_ATTRIBUTES = new Set(['rank', 'ranking', 'position', 'place', 'seed']);

/** Columns about a moment of birth or creation: "oldest" is the earliest of them. */
export const BIRTH_LIKE = /birth|dob|born|founded|established|open|creat|start|since|built|release/;
