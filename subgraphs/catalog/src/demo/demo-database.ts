// Owns the deterministic "Querent Retail" demo database: schema, data dictionary and seeded synthetic rows in SQLite.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';

/** Fixed "today" of the demo business; every order date falls in the three years ending on this day (inclusive). */
export const DEMO_ANCHOR_DATE = '2025-12-31';
export const DEFAULT_DEMO_SEED = 20251231;
export const DEFAULT_DEMO_ORDERS = 60000;
export const DEMO_CUSTOMER_COUNT = 5000;

export interface DemoDatabaseOptions {
  /** Integer in 0..4294967295; the same seed always produces the same rows. */
  seed?: number;
  /** Number of orders to generate (integer >= 1). */
  orders?: number;
}

export interface DemoDatabaseSummary {
  path: string;
  seed: number;
  tables: Record<string, number>;
  durationMs: number;
}

// ---------------------------------------------------------------------------------------------
// Schema. Column descriptions live next to the DDL so the data dictionary can never drift from it.
// ---------------------------------------------------------------------------------------------

interface ColumnSpec {
  name: string;
  definition: string;
  description: string;
  /** Ends up as an SQL `--` comment in sqlite_schema.sql, which introspection tools can read. */
  comment?: string;
}

interface TableSpec {
  name: string;
  summary: string;
  columns: ColumnSpec[];
  constraints?: string[];
}

const SEGMENTS = ['Enterprise', 'Mid-Market', 'SMB'] as const;
type Segment = (typeof SEGMENTS)[number];
const STATUSES = ['delivered', 'shipped', 'cancelled', 'returned'] as const;
type OrderStatus = (typeof STATUSES)[number];
const CHANNELS = ['online', 'retail', 'partner'] as const;
type Channel = (typeof CHANNELS)[number];

const sqlList = (values: readonly string[]): string => values.map((v) => `'${v}'`).join(', ');

const TABLES: readonly TableSpec[] = [
  {
    name: 'regions',
    summary: 'sales regions; every customer belongs to exactly one',
    columns: [
      { name: 'id', definition: 'INTEGER PRIMARY KEY', description: 'Unique identifier of the sales region.' },
      {
        name: 'name',
        definition: 'TEXT NOT NULL UNIQUE',
        description: 'Name of the sales region, such as North America or Europe.',
      },
    ],
  },
  {
    name: 'customers',
    summary: 'business customers (companies) that place orders',
    columns: [
      { name: 'id', definition: 'INTEGER PRIMARY KEY', description: 'Unique identifier of the customer; ids increase with signup date.' },
      { name: 'name', definition: 'TEXT NOT NULL', description: 'Company name of the customer, including its legal form.' },
      {
        name: 'email',
        definition: 'TEXT NOT NULL UNIQUE',
        description: 'Primary purchasing contact email address of the customer; unique per customer.',
      },
      {
        name: 'segment',
        definition: `TEXT NOT NULL CHECK (segment IN (${sqlList(SEGMENTS)}))`,
        description: 'Customer size segment: Enterprise (large), Mid-Market (medium) or SMB (small and medium business).',
        comment: 'Enterprise ~10%, Mid-Market ~30%, SMB ~60%',
      },
      { name: 'country', definition: 'TEXT NOT NULL', description: 'Country where the customer is headquartered (English country name).' },
      {
        name: 'region_id',
        definition: 'INTEGER NOT NULL REFERENCES regions(id)',
        description: 'Sales region of the customer; references regions.id and is consistent with the country.',
      },
      {
        name: 'signup_date',
        definition: 'TEXT NOT NULL',
        description: "Date the customer account was created, as 'YYYY-MM-DD'; all of the customer's orders are later.",
        comment: "ISO date 'YYYY-MM-DD'",
      },
    ],
  },
  {
    name: 'product_categories',
    summary: 'product categories of the catalog',
    columns: [
      { name: 'id', definition: 'INTEGER PRIMARY KEY', description: 'Unique identifier of the product category.' },
      {
        name: 'name',
        definition: 'TEXT NOT NULL UNIQUE',
        description: 'Name of the product category, such as Electronics, Software or Services.',
      },
    ],
  },
  {
    name: 'products',
    summary: 'products and services sold; prices are current list prices in USD',
    columns: [
      { name: 'id', definition: 'INTEGER PRIMARY KEY', description: 'Unique identifier of the product.' },
      { name: 'name', definition: 'TEXT NOT NULL', description: 'Product name: brand, product line and variant.' },
      { name: 'sku', definition: 'TEXT NOT NULL UNIQUE', description: 'Stock keeping unit code, unique per product; the prefix encodes the category.' },
      {
        name: 'category_id',
        definition: 'INTEGER NOT NULL REFERENCES product_categories(id)',
        description: 'Category of the product; references product_categories.id.',
      },
      {
        name: 'unit_price',
        definition: 'REAL NOT NULL CHECK (unit_price > 0)',
        description: 'Current list price of one unit in USD (software is priced per seat per year). Historical order prices are in order_items.unit_price.',
        comment: 'current list price, USD',
      },
      {
        name: 'unit_cost',
        definition: 'REAL NOT NULL CHECK (unit_cost > 0)',
        description: 'Current cost of one unit to the company in USD; gross margin per unit is unit_price - unit_cost.',
        comment: 'USD, always below unit_price',
      },
      {
        name: 'is_active',
        definition: 'INTEGER NOT NULL CHECK (is_active IN (0, 1))',
        description: 'Whether the product is still sold: 1 = active, 0 = discontinued (it appears only in older orders).',
        comment: '1 = active, 0 = discontinued',
      },
    ],
    constraints: ['CHECK (unit_cost < unit_price)'],
  },
  {
    name: 'orders',
    summary: 'one row per customer order',
    columns: [
      { name: 'id', definition: 'INTEGER PRIMARY KEY', description: 'Unique identifier of the order; ids increase with order date.' },
      {
        name: 'customer_id',
        definition: 'INTEGER NOT NULL REFERENCES customers(id)',
        description: 'Customer who placed the order; references customers.id.',
      },
      {
        name: 'order_date',
        definition: 'TEXT NOT NULL',
        description: "Date the order was placed, as 'YYYY-MM-DD'.",
        comment: "ISO date 'YYYY-MM-DD'",
      },
      {
        name: 'status',
        definition: `TEXT NOT NULL CHECK (status IN (${sqlList(STATUSES)}))`,
        description:
          "Fulfilment status: delivered, shipped (in transit, mostly recent orders), cancelled (never fulfilled) or returned (see the returns table).",
      },
      {
        name: 'channel',
        definition: `TEXT NOT NULL CHECK (channel IN (${sqlList(CHANNELS)}))`,
        description: 'Sales channel: online (web shop), retail (in-store purchase) or partner (resellers).',
      },
      {
        name: 'shipping_cost',
        definition: 'REAL NOT NULL CHECK (shipping_cost >= 0)',
        description: 'Shipping fee charged to the customer in USD, on top of the item totals; 0 for in-store, digital-only and free-shipping orders.',
        comment: 'USD, not included in order_items totals',
      },
    ],
  },
  {
    name: 'order_items',
    summary: 'order lines: one row per product in an order',
    columns: [
      { name: 'id', definition: 'INTEGER PRIMARY KEY', description: 'Unique identifier of the order line.' },
      {
        name: 'order_id',
        definition: 'INTEGER NOT NULL REFERENCES orders(id)',
        description: 'Order this line belongs to; references orders.id.',
      },
      {
        name: 'product_id',
        definition: 'INTEGER NOT NULL REFERENCES products(id)',
        description: 'Product sold on this line; references products.id.',
      },
      { name: 'quantity', definition: 'INTEGER NOT NULL CHECK (quantity > 0)', description: 'Number of units (or software seats) ordered.' },
      {
        name: 'unit_price',
        definition: 'REAL NOT NULL CHECK (unit_price > 0)',
        description:
          'Price actually charged per unit in USD at order time, after the discount; line revenue is quantity * unit_price (do not apply discount again).',
        comment: 'USD, already discounted: revenue = quantity * unit_price',
      },
      {
        name: 'discount',
        definition: 'REAL NOT NULL DEFAULT 0 CHECK (discount BETWEEN 0 AND 0.3)',
        description: 'Fraction taken off the list price at order time (0 to 0.3); informational, already reflected in unit_price.',
        comment: 'fraction 0..0.3, already applied to unit_price',
      },
    ],
  },
  {
    name: 'returns',
    summary: 'one row per returned order',
    columns: [
      { name: 'id', definition: 'INTEGER PRIMARY KEY', description: 'Unique identifier of the return.' },
      // No REFERENCES on purpose: the join to orders must be inferred from the column name alone.
      { name: 'order_id', definition: 'INTEGER NOT NULL', description: 'Identifier of the order that was returned.' },
      {
        name: 'return_date',
        definition: 'TEXT NOT NULL',
        description: "Date the return was received, as 'YYYY-MM-DD'; on or after the order date.",
        comment: "ISO date 'YYYY-MM-DD'",
      },
      { name: 'reason', definition: 'TEXT NOT NULL', description: 'Reason for the return given by the customer.' },
      {
        name: 'refund_amount',
        definition: 'REAL NOT NULL CHECK (refund_amount >= 0)',
        description: 'Amount refunded to the customer in USD; the whole order or only part of it.',
      },
    ],
  },
  {
    name: 'data_dictionary',
    summary: 'human-readable description of every column of every table',
    columns: [
      { name: 'table_name', definition: 'TEXT NOT NULL', description: 'Name of the described table.' },
      { name: 'column_name', definition: 'TEXT NOT NULL', description: 'Name of the described column within table_name.' },
      { name: 'description', definition: 'TEXT NOT NULL', description: 'Plain-language description of what the column holds.' },
    ],
    constraints: ['PRIMARY KEY (table_name, column_name)'],
  },
];

const INDEXES: readonly string[] = [
  'CREATE INDEX idx_orders_customer_id ON orders(customer_id)',
  'CREATE INDEX idx_orders_order_date ON orders(order_date)',
  'CREATE INDEX idx_order_items_order_id ON order_items(order_id)',
  'CREATE INDEX idx_order_items_product_id ON order_items(product_id)',
  'CREATE INDEX idx_customers_region_id ON customers(region_id)',
  // Not a foreign key, but joining returns to orders is the common query, so keep it cheap.
  'CREATE INDEX idx_returns_order_id ON returns(order_id)',
];

function createTableSql(table: TableSpec): string {
  const parts: Array<{ text: string; comment?: string }> = [
    ...table.columns.map((c) => ({ text: `${c.name} ${c.definition}`, comment: c.comment })),
    ...(table.constraints ?? []).map((text) => ({ text })),
  ];
  const lines = parts.map((p, i) => {
    const comma = i < parts.length - 1 ? ',' : '';
    return `  ${p.text}${comma}${p.comment ? ` -- ${p.comment}` : ''}`;
  });
  return `CREATE TABLE ${table.name} ( -- ${table.summary}\n${lines.join('\n')}\n)`;
}

// ---------------------------------------------------------------------------------------------
// Randomness and calendar helpers.
// ---------------------------------------------------------------------------------------------

/** mulberry32: tiny, fast, and good enough for synthetic data; the point is reproducibility, not cryptography. */
class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  range(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** Standard normal via Box-Muller. */
  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const tmp = items[i];
      items[i] = items[j];
      items[j] = tmp;
    }
    return items;
  }
}

/**
 * Each concern draws from its own stream so that, e.g., tweaking how products are generated does not
 * reshuffle every customer too.
 */
function childRng(seed: number, stream: string): Rng {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  for (let i = 0; i < stream.length; i++) {
    h = Math.imul(h ^ stream.charCodeAt(i), 0x01000193) >>> 0;
  }
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return new Rng((h ^ (h >>> 16)) >>> 0);
}

/** Samples an index in proportion to non-negative weights (binary search over the running sum). */
class WeightedIndex {
  private readonly cumulative: Float64Array;

  constructor(weights: ArrayLike<number>) {
    this.cumulative = new Float64Array(weights.length);
    let sum = 0;
    for (let i = 0; i < weights.length; i++) {
      sum += weights[i];
      this.cumulative[i] = sum;
    }
    if (!(sum > 0)) throw new Error('WeightedIndex needs at least one positive weight');
  }

  /** Samples among the first `limit` entries only (used for "customers who had signed up by then"). */
  sample(rng: Rng, limit: number = this.cumulative.length): number {
    const target = rng.next() * this.cumulative[limit - 1];
    let lo = 0;
    let hi = limit - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cumulative[mid] > target) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}

function weightedPick<T>(rng: Rng, entries: ReadonlyArray<readonly [T, number]>): T {
  let total = 0;
  for (const [, w] of entries) total += w;
  let r = rng.next() * total;
  for (const [value, w] of entries) {
    r -= w;
    if (r < 0) return value;
  }
  return entries[entries.length - 1][0];
}

const DAY_MS = 86_400_000;

function dayNumber(isoDate: string): number {
  const [y, m, d] = isoDate.split('-').map(Number);
  return Date.UTC(y, m - 1, d) / DAY_MS;
}

function isoDate(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

const round2 = (x: number): number => Math.round(x * 100) / 100;

// ---------------------------------------------------------------------------------------------
// Reference data.
// ---------------------------------------------------------------------------------------------

interface CountrySpec {
  name: string;
  weight: number;
  tld: string;
  legalForms: readonly string[];
}

interface RegionSpec {
  name: string;
  weight: number;
  /** Relative shipping cost compared with North America. */
  shippingFactor: number;
  countries: readonly CountrySpec[];
}

const REGIONS: readonly RegionSpec[] = [
  {
    name: 'North America',
    weight: 40,
    shippingFactor: 1,
    countries: [
      { name: 'United States', weight: 84, tld: '.com', legalForms: ['Inc.', 'LLC', 'Corp.'] },
      { name: 'Canada', weight: 16, tld: '.ca', legalForms: ['Inc.', 'Ltd.'] },
    ],
  },
  {
    name: 'Europe',
    weight: 28,
    shippingFactor: 1.2,
    countries: [
      { name: 'United Kingdom', weight: 22, tld: '.co.uk', legalForms: ['Ltd', 'PLC'] },
      { name: 'Germany', weight: 22, tld: '.de', legalForms: ['GmbH', 'AG'] },
      { name: 'France', weight: 15, tld: '.fr', legalForms: ['SAS', 'SA'] },
      { name: 'Netherlands', weight: 9, tld: '.nl', legalForms: ['B.V.'] },
      { name: 'Spain', weight: 8, tld: '.es', legalForms: ['S.L.', 'S.A.'] },
      { name: 'Italy', weight: 8, tld: '.it', legalForms: ['S.r.l.', 'S.p.A.'] },
      { name: 'Sweden', weight: 6, tld: '.se', legalForms: ['AB'] },
      { name: 'Ireland', weight: 5, tld: '.ie', legalForms: ['Ltd'] },
      { name: 'Poland', weight: 5, tld: '.pl', legalForms: ['Sp. z o.o.'] },
    ],
  },
  {
    name: 'Asia Pacific',
    weight: 18,
    shippingFactor: 1.35,
    countries: [
      { name: 'Australia', weight: 25, tld: '.com.au', legalForms: ['Pty Ltd'] },
      { name: 'Japan', weight: 22, tld: '.co.jp', legalForms: ['K.K.'] },
      { name: 'India', weight: 20, tld: '.in', legalForms: ['Pvt. Ltd.'] },
      { name: 'Singapore', weight: 13, tld: '.com.sg', legalForms: ['Pte. Ltd.'] },
      { name: 'South Korea', weight: 12, tld: '.co.kr', legalForms: ['Co., Ltd.'] },
      { name: 'New Zealand', weight: 8, tld: '.co.nz', legalForms: ['Ltd'] },
    ],
  },
  {
    name: 'Latin America',
    weight: 8,
    shippingFactor: 1.45,
    countries: [
      { name: 'Brazil', weight: 38, tld: '.com.br', legalForms: ['Ltda.'] },
      { name: 'Mexico', weight: 30, tld: '.com.mx', legalForms: ['S.A. de C.V.'] },
      { name: 'Argentina', weight: 12, tld: '.com.ar', legalForms: ['S.R.L.'] },
      { name: 'Chile', weight: 10, tld: '.cl', legalForms: ['SpA'] },
      { name: 'Colombia', weight: 10, tld: '.com.co', legalForms: ['S.A.S.'] },
    ],
  },
  {
    name: 'Middle East & Africa',
    weight: 6,
    shippingFactor: 1.5,
    countries: [
      { name: 'United Arab Emirates', weight: 26, tld: '.ae', legalForms: ['LLC', 'FZE'] },
      { name: 'South Africa', weight: 24, tld: '.co.za', legalForms: ['(Pty) Ltd'] },
      { name: 'Saudi Arabia', weight: 18, tld: '.sa', legalForms: ['LLC'] },
      { name: 'Israel', weight: 14, tld: '.co.il', legalForms: ['Ltd.'] },
      { name: 'Nigeria', weight: 10, tld: '.com.ng', legalForms: ['Ltd'] },
      { name: 'Egypt', weight: 8, tld: '.com.eg', legalForms: ['S.A.E.'] },
    ],
  },
];

const NAME_ROOTS_A = [
  'Blue', 'Iron', 'Silver', 'North', 'Bright', 'Red', 'Green', 'Oak', 'Stone', 'Summit', 'Clear', 'Swift',
  'Eagle', 'Harbor', 'Golden', 'Pine', 'Cedar', 'Maple', 'River', 'Lake', 'Sun', 'Star', 'Frost', 'Ever',
  'High', 'True', 'Prime', 'Cobalt', 'Crimson', 'Granite', 'Copper', 'Falcon', 'Hawk', 'Fox', 'Wolf', 'Bear',
  'Atlas', 'Nova', 'Apex', 'Echo', 'Polar', 'Coral', 'Amber', 'Birch', 'Willow', 'Raven', 'West', 'East',
];
const NAME_ROOTS_B = [
  'field', 'stone', 'bridge', 'point', 'view', 'wood', 'gate', 'line', 'ridge', 'works', 'forge', 'wave',
  'light', 'path', 'port', 'crest', 'brook', 'haven', 'side', 'shore', 'mark', 'peak', 'well', 'wind',
  'dale', 'ford', 'land', 'rock', 'spring', 'water',
];
const INDUSTRIES = [
  'Logistics', 'Analytics', 'Consulting', 'Manufacturing', 'Healthcare', 'Foods', 'Media', 'Energy', 'Capital',
  'Labs', 'Systems', 'Retail', 'Design', 'Engineering', 'Construction', 'Dental', 'Legal', 'Realty', 'Travel',
  'Fitness', 'Software', 'Robotics', 'Pharma', 'Textiles', 'Motors', 'Marine', 'Aviation', 'Education',
  'Studios', 'Bakery', 'Brewing', 'Outfitters', 'Hospitality', 'Security', 'Telecom', 'Insurance', 'Partners',
  'Holdings', 'Ventures', 'Solutions',
];
const FIRST_NAMES = [
  'james', 'maria', 'wei', 'aisha', 'lucas', 'sofia', 'arjun', 'yuki', 'olivia', 'mateo', 'fatima', 'noah',
  'emma', 'liam', 'chloe', 'diego', 'hana', 'omar', 'priya', 'ethan', 'laura', 'kenji', 'amara', 'david',
  'sarah', 'thomas', 'ana', 'daniel', 'nina', 'samuel', 'grace', 'ivan', 'leila', 'marco', 'julia', 'kwame',
];
const LAST_NAMES = [
  'smith', 'garcia', 'chen', 'khan', 'muller', 'rossi', 'patel', 'tanaka', 'johnson', 'silva', 'haddad', 'brown',
  'martin', 'kim', 'nguyen', 'lopez', 'dubois', 'novak', 'okafor', 'sato', 'schmidt', 'wilson', 'costa', 'ali',
  'jensen', 'murphy', 'kowalski', 'fischer', 'moreau', 'santos', 'cohen', 'mensah', 'larsen', 'reyes', 'park',
];
const ROLE_MAILBOXES = ['purchasing', 'procurement', 'orders', 'accounts', 'it', 'office'];

interface CategorySpec {
  name: string;
  skuPrefix: string;
  productCount: number;
  /** Gross margin range (fraction of price) for products in this category. */
  margin: readonly [number, number];
  brands: readonly string[];
  lines: ReadonlyArray<readonly [string, number]>;
  variants: ReadonlyArray<readonly [string, number]>;
  /** Relative demand share per customer segment. */
  demand: Readonly<Record<Segment, number>>;
  /** Quantity range per order line, per segment; small quantities are much more common. */
  quantity: Readonly<Record<Segment, readonly [number, number]>>;
  /** Software and services are delivered electronically, so they never add shipping. */
  digital: boolean;
  /** Bulky goods go by freight, which costs extra per line. */
  freightPerLine: number;
  /** Extra chance that an order containing this category gets returned. */
  returnRisk: number;
}

const CATEGORIES: readonly CategorySpec[] = [
  {
    name: 'Electronics',
    skuPrefix: 'ELE',
    productCount: 70,
    margin: [0.12, 0.28],
    brands: ['Voltix', 'Nimbra', 'Kestrel', 'Auralis', 'Corvex'],
    lines: [
      ['Laptop 14-inch', 899], ['Laptop 16-inch', 1199], ['Ultrabook 13-inch', 1099], ['Monitor 24-inch', 189],
      ['Monitor 27-inch', 299], ['Curved Monitor 34-inch', 549], ['Tablet 11-inch', 449], ['Smartphone', 699],
      ['Docking Station', 179], ['Projector', 649], ['Wireless Headset', 129], ['Conference Camera', 399],
      ['Laser Printer', 329], ['Network Switch 24-Port', 279], ['Wi-Fi Access Point', 189],
    ],
    variants: [['', 1], ['Pro', 1.35], ['Max', 1.8]],
    demand: { Enterprise: 26, 'Mid-Market': 25, SMB: 22 },
    quantity: { Enterprise: [1, 20], 'Mid-Market': [1, 6], SMB: [1, 3] },
    digital: false,
    freightPerLine: 0,
    returnRisk: 0.03,
  },
  {
    name: 'Office Supplies',
    skuPrefix: 'OFF',
    productCount: 60,
    margin: [0.35, 0.55],
    brands: ['Papyra', 'Inkwell', 'Stapleton', 'Brightline'],
    lines: [
      ['Copy Paper A4 Ream', 6.49], ['Copy Paper Letter Ream', 6.29], ['Gel Pens (12)', 9.99],
      ['Sticky Notes (12 pads)', 11.99], ['Spiral Notebook A5', 3.49], ['Hanging File Folders (25)', 14.99],
      ['Stapler', 12.99], ['Staples (5000)', 4.49], ['Whiteboard Markers (8)', 10.99], ['Toner Cartridge', 79.99],
      ['Ink Cartridge', 34.99], ['Desk Organizer', 19.99], ['Shipping Labels (500)', 24.99], ['Envelopes (100)', 9.49],
      ['Binder Clips (60)', 5.99],
    ],
    variants: [['', 1], ['5-Pack', 4.6], ['10-Pack', 8.8]],
    demand: { Enterprise: 24, 'Mid-Market': 28, SMB: 32 },
    quantity: { Enterprise: [2, 60], 'Mid-Market': [1, 25], SMB: [1, 10] },
    digital: false,
    freightPerLine: 0,
    returnRisk: 0,
  },
  {
    name: 'Furniture',
    skuPrefix: 'FUR',
    productCount: 40,
    margin: [0.3, 0.48],
    brands: ['Oakridge', 'ErgoNova', 'Lumen & Co.', 'Stratus'],
    lines: [
      ['Office Chair', 249], ['Ergonomic Chair', 449], ['Standing Desk', 599], ['Writing Desk', 279],
      ['Conference Table', 1199], ['Bookcase', 189], ['Filing Cabinet', 229], ['Reception Sofa', 899],
      ['Monitor Arm', 129], ['Storage Locker', 399], ['Meeting Chair', 159], ['Mobile Pedestal', 199],
    ],
    variants: [['', 1], ['Executive', 1.6], ['Compact', 0.8]],
    demand: { Enterprise: 9, 'Mid-Market': 9, SMB: 7 },
    quantity: { Enterprise: [2, 25], 'Mid-Market': [1, 8], SMB: [1, 3] },
    digital: false,
    freightPerLine: 24.5,
    returnRisk: 0.04,
  },
  {
    name: 'Software',
    skuPrefix: 'SFT',
    productCount: 45,
    margin: [0.7, 0.88],
    brands: ['Cloudlyne', 'Databridge', 'Securis', 'Taskwise'],
    lines: [
      ['Office Suite', 99], ['Analytics Suite', 480], ['Endpoint Security', 59], ['Backup Manager', 120],
      ['Project Planner', 144], ['CRM Cloud', 600], ['Design Studio', 360], ['Video Meetings', 150],
      ['Password Vault', 36], ['Accounting Cloud', 300], ['HR Portal', 240],
    ],
    variants: [['Basic', 1], ['Professional', 1.8], ['Enterprise', 3.2]],
    demand: { Enterprise: 20, 'Mid-Market': 13, SMB: 9 },
    quantity: { Enterprise: [10, 150], 'Mid-Market': [3, 40], SMB: [1, 8] },
    digital: true,
    freightPerLine: 0,
    returnRisk: -0.03,
  },
  {
    name: 'Accessories',
    skuPrefix: 'ACC',
    productCount: 55,
    margin: [0.45, 0.65],
    brands: ['Tethr', 'Gripwell', 'Portly', 'Voltix'],
    lines: [
      ['USB-C Hub', 49], ['Wireless Mouse', 29], ['Mechanical Keyboard', 89], ['Laptop Sleeve', 35],
      ['Laptop Backpack', 79], ['HDMI Cable 2m', 14.99], ['USB-C Charger 65W', 49], ['Power Bank 20000mAh', 59],
      ['Webcam Cover (3)', 7.99], ['Ergonomic Mouse Pad', 19.99], ['Laptop Stand', 45], ['Cable Organizer Kit', 17.99],
      ['Noise-Cancelling Earbuds', 149], ['Privacy Screen 14-inch', 39],
    ],
    variants: [['', 1], ['Plus', 1.3], ['Travel', 0.9]],
    demand: { Enterprise: 14, 'Mid-Market': 19, SMB: 24 },
    quantity: { Enterprise: [2, 40], 'Mid-Market': [1, 15], SMB: [1, 5] },
    digital: false,
    freightPerLine: 0,
    returnRisk: 0.01,
  },
  {
    name: 'Services',
    skuPrefix: 'SRV',
    productCount: 30,
    margin: [0.35, 0.6],
    brands: ['ProCare', 'TechAssist', 'Northgate'],
    lines: [
      ['Onsite Installation', 250], ['Extended Warranty 2-Year', 129], ['Extended Warranty 3-Year', 189],
      ['Training Workshop (Half Day)', 600], ['Managed IT Support (Monthly)', 450], ['Data Migration', 1500],
      ['Device Setup & Imaging', 75], ['Security Audit', 2500], ['Cloud Onboarding', 1200],
      ['Help Desk Block (10 Hours)', 950],
    ],
    variants: [['Standard', 1], ['Premium', 1.5]],
    demand: { Enterprise: 7, 'Mid-Market': 6, SMB: 4 },
    quantity: { Enterprise: [1, 6], 'Mid-Market': [1, 3], SMB: [1, 2] },
    digital: true,
    freightPerLine: 0,
    returnRisk: -0.04,
  },
];

const SEGMENT_MIX: ReadonlyArray<readonly [Segment, number]> = [['Enterprise', 10], ['Mid-Market', 30], ['SMB', 60]];
/** How much more often a customer of each segment orders, before individual variation. */
const SEGMENT_ACTIVITY: Readonly<Record<Segment, number>> = { Enterprise: 3, 'Mid-Market': 1.8, SMB: 1 };
const SEGMENT_CHANNELS: Readonly<Record<Segment, Readonly<Record<Channel, number>>>> = {
  Enterprise: { online: 30, retail: 10, partner: 60 },
  'Mid-Market': { online: 50, retail: 22, partner: 28 },
  SMB: { online: 58, retail: 34, partner: 8 },
};
const ITEM_COUNT_WEIGHTS: Readonly<Record<Segment, readonly number[]>> = {
  Enterprise: [22, 26, 22, 17, 13],
  'Mid-Market': [35, 28, 18, 12, 7],
  SMB: [46, 27, 15, 8, 4],
};
const DISCOUNT_LEVELS = [0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3] as const;
const DISCOUNT_WEIGHTS: Readonly<Record<Segment, readonly number[]>> = {
  Enterprise: [28, 14, 20, 16, 11, 7, 4],
  'Mid-Market': [55, 15, 14, 9, 4, 2, 1],
  SMB: [72, 12, 8, 5, 2, 0.6, 0.4],
};
/** January..December demand multipliers: a slow start of the year and a strong fourth quarter. */
const MONTH_SEASONALITY = [0.82, 0.8, 0.93, 0.95, 0.98, 0.96, 0.9, 0.95, 1.03, 1.08, 1.3, 1.42];
/** Sunday..Saturday: a B2B business sells mostly on weekdays. */
const WEEKDAY_FACTOR = [0.55, 1.08, 1.12, 1.12, 1.1, 1.02, 0.62];
const RETURN_REASONS: ReadonlyArray<readonly [string, number]> = [
  ['Defective or not working', 24],
  ['No longer needed', 20],
  ['Damaged in transit', 18],
  ['Not as described', 14],
  ['Wrong item shipped', 12],
  ['Ordered by mistake', 12],
];
/** Reasons where the seller was at fault, so the shipping fee is refunded too. */
const SELLER_FAULT_REASONS = new Set(['Defective or not working', 'Damaged in transit', 'Wrong item shipped', 'Not as described']);
/** List prices rose about this much per year; order_items carry the price of their day. */
const ANNUAL_PRICE_INFLATION = 0.035;

// ---------------------------------------------------------------------------------------------
// Generators.
// ---------------------------------------------------------------------------------------------

interface CustomerRow {
  id: number;
  name: string;
  email: string;
  segment: Segment;
  country: string;
  regionId: number;
  signupDay: number;
  activity: number;
}

function generateCustomers(rng: Rng, count: number, firstDay: number, lastDay: number): CustomerRow[] {
  // Signups grow over time, so recent years contribute more customers than early ones.
  const span = lastDay - firstDay + 1;
  const signupDays = new Int32Array(count);
  const signupPicker = new WeightedIndex(Array.from({ length: span }, (_, i) => Math.exp((0.3 * i) / 365.25)));
  for (let i = 0; i < count; i++) signupDays[i] = firstDay + signupPicker.sample(rng);
  signupDays.sort();

  const regionEntries = REGIONS.map((r, i) => [i, r.weight] as const);
  const usedSlugs = new Set<string>();
  const customers: CustomerRow[] = [];
  for (let i = 0; i < count; i++) {
    const segment = weightedPick(rng, SEGMENT_MIX);
    const regionIndex = weightedPick(rng, regionEntries);
    const region = REGIONS[regionIndex];
    const country = weightedPick(rng, region.countries.map((c) => [c, c.weight] as const));

    let base: string;
    let slug: string;
    do {
      base = `${rng.pick(NAME_ROOTS_A)}${rng.pick(NAME_ROOTS_B)} ${rng.pick(INDUSTRIES)}`;
      slug = base.toLowerCase().replace(/[^a-z0-9]/g, '');
    } while (usedSlugs.has(slug));
    usedSlugs.add(slug);
    // Small firms often trade without their legal form in the name.
    const withLegalForm = segment !== 'SMB' || rng.chance(0.55);
    const name = withLegalForm ? `${base} ${rng.pick(country.legalForms)}` : base;
    const mailbox = rng.chance(0.25)
      ? rng.pick(ROLE_MAILBOXES)
      : `${rng.pick(FIRST_NAMES)}.${rng.pick(LAST_NAMES)}`;
    const tld = rng.chance(0.35) ? '.com' : country.tld;

    // Log-normal spread: a few very active accounts and a long tail of occasional buyers.
    const activity = SEGMENT_ACTIVITY[segment] * Math.exp(0.8 * rng.normal());

    customers.push({
      id: i + 1,
      name,
      email: `${mailbox}@${slug}${tld}`,
      segment,
      country: country.name,
      regionId: regionIndex + 1,
      signupDay: signupDays[i],
      activity,
    });
  }
  return customers;
}

interface ProductRow {
  id: number;
  name: string;
  sku: string;
  categoryIndex: number;
  price: number;
  cost: number;
  isActive: boolean;
  /** Last day the product could be ordered; Infinity while active. */
  lastSaleDay: number;
}

function charmPrice(x: number): number {
  if (x >= 20) return round2(Math.round(x) - 0.01);
  return Math.max(0.99, round2(Math.round(x * 10) / 10 - 0.01));
}

function generateProducts(rng: Rng, firstOrderDay: number, anchorDay: number): ProductRow[] {
  const drafts: Array<Omit<ProductRow, 'id' | 'sku'>> = [];
  CATEGORIES.forEach((category, categoryIndex) => {
    const brandFactor = new Map(category.brands.map((b) => [b, rng.range(0.85, 1.25)] as const));
    const combos: Array<{ brand: string; line: readonly [string, number]; variant: readonly [string, number] }> = [];
    for (const brand of category.brands) {
      for (const line of category.lines) {
        for (const variant of category.variants) combos.push({ brand, line, variant });
      }
    }
    rng.shuffle(combos);
    for (const { brand, line, variant } of combos.slice(0, category.productCount)) {
      const name = [brand, line[0], variant[0]].filter((s) => s.length > 0).join(' ');
      const price = charmPrice(line[1] * variant[1] * (brandFactor.get(brand) ?? 1) * rng.range(0.95, 1.05));
      const margin = rng.range(category.margin[0], category.margin[1]);
      const cost = Math.min(round2(price * (1 - margin)), round2(price - 0.01));
      const isActive = !rng.chance(0.08);
      const lastSaleDay = isActive ? Infinity : rng.int(firstOrderDay + 120, anchorDay - 30);
      drafts.push({ name, categoryIndex, price, cost, isActive, lastSaleDay });
    }
  });
  // Catalogs grow over time, so product ids are not grouped by category.
  rng.shuffle(drafts);
  const skuCounters = CATEGORIES.map(() => 1000);
  return drafts.map((d, i) => {
    skuCounters[d.categoryIndex] += rng.int(1, 7);
    return { ...d, id: i + 1, sku: `${CATEGORIES[d.categoryIndex].skuPrefix}-${skuCounters[d.categoryIndex]}` };
  });
}

interface OrderLine {
  product: ProductRow;
  quantity: number;
  unitPrice: number;
  discount: number;
}

// ---------------------------------------------------------------------------------------------
// Entry point.
// ---------------------------------------------------------------------------------------------

function validateOptions(options: DemoDatabaseOptions): { seed: number; orders: number } {
  const seed = options.seed ?? DEFAULT_DEMO_SEED;
  const orders = options.orders ?? DEFAULT_DEMO_ORDERS;
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new RangeError(`demo database seed must be an integer between 0 and 4294967295, got ${String(seed)}`);
  }
  if (!Number.isInteger(orders) || orders < 1) {
    throw new RangeError(`demo database orders must be an integer >= 1, got ${String(orders)}`);
  }
  return { seed, orders };
}

/**
 * Builds the demo retail database at `filePath`, replacing any existing file. The database is written to
 * `<filePath>.tmp-<pid>` and renamed into place only once complete, so readers never see a partial build.
 */
export function generateDemoDatabase(filePath: string, options: DemoDatabaseOptions = {}): DemoDatabaseSummary {
  const started = performance.now();
  const { seed, orders } = validateOptions(options);
  const target = path.resolve(filePath);
  const tmp = `${target}.tmp-${process.pid}`;
  fs.mkdirSync(path.dirname(target), { recursive: true });
  removeTemp(tmp);

  let db: Database.Database | undefined;
  try {
    db = new Database(tmp);
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    db.pragma('foreign_keys = ON');
    const handle = db;
    handle.transaction(() => populate(handle, seed, orders))();
    const tables: Record<string, number> = {};
    for (const table of TABLES) {
      tables[table.name] = (handle.prepare(`SELECT COUNT(*) AS n FROM ${table.name}`).get() as { n: number }).n;
    }
    db.pragma('journal_mode = DELETE');
    db.close();
    db = undefined;
    fs.renameSync(tmp, target);
    return { path: target, seed, tables, durationMs: Math.round(performance.now() - started) };
  } catch (error) {
    if (db?.open) {
      try {
        db.close();
      } catch {
        // The original error is the one worth reporting.
      }
    }
    removeTemp(tmp);
    throw error;
  }
}

function removeTemp(tmp: string): void {
  for (const file of [tmp, `${tmp}-journal`]) fs.rmSync(file, { force: true });
}

function populate(db: Database.Database, seed: number, orderCount: number): void {
  for (const table of TABLES) db.exec(createTableSql(table));

  const anchorDay = dayNumber(DEMO_ANCHOR_DATE);
  const anchor = new Date(anchorDay * DAY_MS);
  // The window is the three years ending on the anchor: 2023-01-01..2025-12-31 for the default anchor.
  const firstOrderDay =
    Date.UTC(anchor.getUTCFullYear() - 3, anchor.getUTCMonth(), anchor.getUTCDate()) / DAY_MS + 1;
  const firstSignupDay = Date.UTC(anchor.getUTCFullYear() - 7, 0, 1) / DAY_MS;

  const dateCache = new Map<number, string>();
  const dateOf = (day: number): string => {
    let s = dateCache.get(day);
    if (s === undefined) {
      s = isoDate(day);
      dateCache.set(day, s);
    }
    return s;
  };

  // Reference tables.
  const insertRegion = db.prepare('INSERT INTO regions (id, name) VALUES (?, ?)');
  REGIONS.forEach((r, i) => insertRegion.run(i + 1, r.name));
  const insertCategory = db.prepare('INSERT INTO product_categories (id, name) VALUES (?, ?)');
  CATEGORIES.forEach((c, i) => insertCategory.run(i + 1, c.name));

  // Customers; the last signups leave a couple of weeks for a first order.
  const customers = generateCustomers(childRng(seed, 'customers'), DEMO_CUSTOMER_COUNT, firstSignupDay, anchorDay - 14);
  const insertCustomer = db.prepare(
    'INSERT INTO customers (id, name, email, segment, country, region_id, signup_date) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  for (const c of customers) {
    insertCustomer.run(c.id, c.name, c.email, c.segment, c.country, c.regionId, dateOf(c.signupDay));
  }

  const products = generateProducts(childRng(seed, 'products'), firstOrderDay, anchorDay);
  const insertProduct = db.prepare(
    'INSERT INTO products (id, name, sku, category_id, unit_price, unit_cost, is_active) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  for (const p of products) {
    insertProduct.run(p.id, p.name, p.sku, p.categoryIndex + 1, p.price, p.cost, p.isActive ? 1 : 0);
  }

  // Product popularity: a Zipf-like tail within each category, scaled by what each segment buys.
  const popularityRng = childRng(seed, 'popularity');
  const popularity = new Float64Array(products.length);
  const categoryTotals = CATEGORIES.map(() => 0);
  const ranks = popularityRng.shuffle(products.map((_, i) => i));
  const rankInCategory = CATEGORIES.map(() => 0);
  for (const i of ranks) {
    const c = products[i].categoryIndex;
    popularity[i] = 1 / Math.pow(++rankInCategory[c] + 1, 0.9);
    categoryTotals[c] += popularity[i];
  }
  const productPickers = Object.fromEntries(
    SEGMENTS.map((segment) => {
      const weights = products.map(
        (p, i) => (CATEGORIES[p.categoryIndex].demand[segment] * popularity[i]) / categoryTotals[p.categoryIndex],
      );
      return [segment, new WeightedIndex(weights)];
    }),
  ) as Record<Segment, WeightedIndex>;

  // Order dates: compound growth x month seasonality x weekday pattern x daily noise.
  const dateRng = childRng(seed, 'order-dates');
  const windowDays = anchorDay - firstOrderDay + 1;
  const dayWeights = new Float64Array(windowDays);
  for (let i = 0; i < windowDays; i++) {
    const d = new Date((firstOrderDay + i) * DAY_MS);
    const month = d.getUTCMonth();
    const dom = d.getUTCDate();
    // Black Friday / Cyber Monday week.
    const promo = month === 10 && dom >= 24 ? 1.35 : 1;
    dayWeights[i] =
      Math.exp((0.26 * i) / 365.25) * MONTH_SEASONALITY[month] * WEEKDAY_FACTOR[d.getUTCDay()] * promo *
      dateRng.range(0.85, 1.15);
  }
  const dayPicker = new WeightedIndex(dayWeights);
  const orderDays = new Int32Array(orderCount);
  for (let i = 0; i < orderCount; i++) orderDays[i] = firstOrderDay + dayPicker.sample(dateRng);
  // Sorted so that order ids grow with order dates, as in a real system.
  orderDays.sort();

  // Customers are sorted by signup; prefix sums let us sample only those who had signed up by the order date.
  const customerPicker = new WeightedIndex(customers.map((c) => c.activity));

  const itemCountPickers = Object.fromEntries(
    SEGMENTS.map((segment) => [segment, new WeightedIndex(ITEM_COUNT_WEIGHTS[segment])]),
  ) as Record<Segment, WeightedIndex>;
  const discountPickers = Object.fromEntries(
    SEGMENTS.map((segment) => [segment, new WeightedIndex(DISCOUNT_WEIGHTS[segment])]),
  ) as Record<Segment, WeightedIndex>;

  const insertOrder = db.prepare(
    'INSERT INTO orders (id, customer_id, order_date, status, channel, shipping_cost) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const insertItem = db.prepare(
    'INSERT INTO order_items (id, order_id, product_id, quantity, unit_price, discount) VALUES (?, ?, ?, ?, ?, ?)',
  );

  const rng = childRng(seed, 'orders');
  const returns: Array<{ orderId: number; day: number; reason: string; refund: number }> = [];
  let eligible = 0;
  let itemId = 0;
  const lines: OrderLine[] = [];
  const chosen = new Set<number>();

  for (let i = 0; i < orderCount; i++) {
    const orderId = i + 1;
    const day = orderDays[i];
    while (eligible < customers.length && customers[eligible].signupDay < day) eligible++;
    if (eligible === 0) throw new Error('demo generator invariant: no customer signed up before the first order');
    const customer = customers[customerPicker.sample(rng, eligible)];
    const segment = customer.segment;
    const yearsAgo = (anchorDay - day) / 365.25;
    const yearsIn = (day - firstOrderDay) / 365.25;
    const month = new Date(day * DAY_MS).getUTCMonth();

    // Online gains share from in-store over the years.
    const mix = SEGMENT_CHANNELS[segment];
    const channel = weightedPick<Channel>(rng, [
      ['online', mix.online * (1 + 0.18 * yearsIn)],
      ['retail', mix.retail * (1 - 0.12 * yearsIn)],
      ['partner', mix.partner],
    ]);

    const itemCount = 1 + itemCountPickers[segment].sample(rng);
    lines.length = 0;
    chosen.clear();
    for (let attempts = 0; lines.length < itemCount && attempts < itemCount * 20; attempts++) {
      const product = products[productPickers[segment].sample(rng)];
      if (chosen.has(product.id) || day > product.lastSaleDay) continue;
      chosen.add(product.id);
      const category = CATEGORIES[product.categoryIndex];
      const [qMin, qMax] = category.quantity[segment];
      const quantity = qMin + Math.floor((qMax - qMin + 1) * Math.pow(rng.next(), 2.6));
      let discount: number = DISCOUNT_LEVELS[discountPickers[segment].sample(rng)];
      // Holiday promotions on physical goods.
      if ((month === 10 || month === 11) && !category.digital && rng.chance(0.3)) {
        discount = Math.min(0.3, round2(discount + 0.1));
      }
      const listThen = product.price * (1 - ANNUAL_PRICE_INFLATION * yearsAgo);
      const unitPrice = Math.max(0.01, round2(listThen * (1 - discount)));
      lines.push({ product, quantity, unitPrice, discount });
    }
    if (lines.length === 0) {
      // Only reachable if every sampled product was discontinued by then; an active product always qualifies.
      const product = products.find((p) => p.isActive) ?? products[0];
      lines.push({ product, quantity: 1, unitPrice: round2(product.price * (1 - ANNUAL_PRICE_INFLATION * yearsAgo)), discount: 0 });
    }
    // Line order inside an order is by product id, as a cart export would list it.
    lines.sort((a, b) => a.product.id - b.product.id);

    let subtotal = 0;
    let physicalSubtotal = 0;
    let physicalUnits = 0;
    let freight = 0;
    let returnRisk = 0;
    for (const line of lines) {
      const category = CATEGORIES[line.product.categoryIndex];
      const total = line.quantity * line.unitPrice;
      subtotal += total;
      returnRisk = Math.max(returnRisk, category.returnRisk);
      if (!category.digital) {
        physicalSubtotal += total;
        physicalUnits += line.quantity;
        freight += category.freightPerLine;
      }
    }

    let shipping = 0;
    if (channel !== 'retail' && physicalUnits > 0) {
      if (channel === 'online') {
        shipping = physicalSubtotal >= 500 ? freight : 5.95 + 1.25 * Math.min(physicalUnits, 20) + freight;
      } else {
        shipping = Math.min(249, Math.max(9.95, physicalSubtotal * 0.012)) + freight;
      }
      shipping = round2(shipping * REGIONS[customer.regionId - 1].shippingFactor);
    }

    const daysAgo = anchorDay - day;
    let status: OrderStatus = 'delivered';
    const cancelRate = channel === 'retail' ? 0.015 : channel === 'partner' ? 0.05 : 0.07;
    if (rng.chance(cancelRate)) {
      status = 'cancelled';
    } else if (channel !== 'retail' && rng.chance(daysAgo <= 7 ? 0.85 : daysAgo <= 21 ? 0.4 : daysAgo <= 45 ? 0.08 : 0.004)) {
      // Recent orders are still in transit; a handful of old ones are stuck with the carrier.
      status = 'shipped';
    } else if (daysAgo >= 3 && rng.chance((0.075 + returnRisk) * Math.min(1, daysAgo / 30))) {
      status = 'returned';
    }

    insertOrder.run(orderId, customer.id, dateOf(day), status, channel, shipping);
    for (const line of lines) {
      insertItem.run(++itemId, orderId, line.product.id, line.quantity, line.unitPrice, line.discount);
    }

    if (status === 'returned') {
      const reason = weightedPick(rng, RETURN_REASONS);
      const returnDay = day + rng.int(Math.min(3, daysAgo), Math.min(45, daysAgo));
      let refund: number;
      if (lines.length > 1 && rng.chance(0.3)) {
        const line = rng.pick(lines);
        refund = line.unitPrice * rng.int(1, line.quantity);
      } else {
        refund = subtotal + (SELLER_FAULT_REASONS.has(reason) ? shipping : 0);
      }
      returns.push({ orderId, day: returnDay, reason, refund: round2(refund) });
    }
  }

  // Return ids follow the order in which returns were received.
  returns.sort((a, b) => a.day - b.day || a.orderId - b.orderId);
  const insertReturn = db.prepare(
    'INSERT INTO returns (id, order_id, return_date, reason, refund_amount) VALUES (?, ?, ?, ?, ?)',
  );
  returns.forEach((r, i) => insertReturn.run(i + 1, r.orderId, dateOf(r.day), r.reason, r.refund));

  const insertDictionary = db.prepare('INSERT INTO data_dictionary (table_name, column_name, description) VALUES (?, ?, ?)');
  for (const table of TABLES) {
    for (const column of table.columns) insertDictionary.run(table.name, column.name, column.description);
  }

  // Built after the bulk load because maintaining indexes row by row is slower.
  for (const sql of INDEXES) db.exec(sql);
}
