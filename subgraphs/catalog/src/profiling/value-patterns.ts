// Detects what a column's text values are — email, phone, URL, UUID, ISO date stored as text, currency or country code,
// JSON — from the share of its sampled non-null values that match: a pattern is reported only when most values fit.
import { ISO_COUNTRY_ALPHA2, ISO_COUNTRY_ALPHA3, ISO_CURRENCY_CODES } from './iso-codes';

export type ValuePattern = 'EMAIL' | 'PHONE' | 'URL' | 'UUID' | 'ISO_DATE' | 'CURRENCY_CODE' | 'COUNTRY_CODE' | 'JSON';

export const VALUE_PATTERNS: readonly ValuePattern[] = ['EMAIL', 'PHONE', 'URL', 'UUID', 'ISO_DATE', 'CURRENCY_CODE', 'COUNTRY_CODE', 'JSON'];

/** Share of non-null values that must match for a pattern to be reported. */
export const DEFAULT_PATTERN_THRESHOLD = 0.9;

const EMAIL = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.[A-Za-z]{2,}$/;
const URL_PATTERN = /^(https?|ftp):\/\/[^\s/?#]+\.[^\s/?#]+(?:[/?#]\S*)?$|^(https?):\/\/localhost(?::\d+)?(?:[/?#]\S*)?$/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Dates as ISO 8601 writes them (the space instead of T is SQL's own spelling), with an optional time and zone.
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$/;
// A phone number: optional +, digits with spaces, dots, dashes, parentheses or slashes between, 7 to 15 digits
// (E.164's maximum), and an optional extension.
const PHONE = /^\+?[\d\s().\-/]{6,}(?:\s*(?:x|ext\.?)\s*\d{1,6})?$/i;
const PHONE_SEPARATOR = /[\s().\-/]/;
const PLAIN_NUMBER = /^-?\d+(?:\.\d+)?$/;

function isIsoDate(text: string): boolean {
  const m = ISO_DATE.exec(text);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || day < 1) return false;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > daysInMonth) return false;
  if (m[4] !== undefined && (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6] ?? 0) > 60)) return false;
  return true;
}

function isPhone(text: string): boolean {
  if (!PHONE.test(text) || PLAIN_NUMBER.test(text) || isIsoDate(text)) return false;
  const main = text.replace(/\s*(?:x|ext\.?)\s*\d{1,6}$/i, '');
  const digits = main.replace(/\D/g, '').length;
  if (digits < 7 || digits > 15) return false;
  // A bare run of digits is as likely an id or an amount as a phone number: require a + or a separator.
  return main.startsWith('+') || PHONE_SEPARATOR.test(main.trim());
}

function isJson(text: string): boolean {
  const t = text.trim();
  if (!((t.startsWith('{') && t.endsWith('}')) || (t.startsWith('[') && t.endsWith(']')))) return false;
  try {
    JSON.parse(t);
    return true;
  } catch {
    return false;
  }
}

/** ISO codes are upper case by definition; lower-case two-letter values are more often language codes. */
const isCountryCode = (text: string) => ISO_COUNTRY_ALPHA2.has(text) || ISO_COUNTRY_ALPHA3.has(text);
const isCurrencyCode = (text: string) => ISO_CURRENCY_CODES.has(text);

const MATCHERS: Record<ValuePattern, (text: string) => boolean> = {
  EMAIL: (t) => t.length <= 320 && EMAIL.test(t),
  PHONE: isPhone,
  URL: (t) => t.length <= 4096 && URL_PATTERN.test(t),
  UUID: (t) => UUID.test(t),
  ISO_DATE: isIsoDate,
  CURRENCY_CODE: isCurrencyCode,
  COUNTRY_CODE: isCountryCode,
  JSON: isJson,
};

/** Whether one value matches one pattern (surrounding spaces ignored). */
export function matchesPattern(pattern: ValuePattern, value: string): boolean {
  return MATCHERS[pattern](value.trim());
}

export interface PatternOptions {
  /** Share of non-null values that must match (default 0.9). */
  threshold?: number;
}

/**
 * The patterns that at least `threshold` of the non-null values match. `counts` maps each distinct value to how often
 * it was seen, so every distinct value is tested once; values that are not strings count as non-matching.
 */
export function detectPatterns(counts: ReadonlyMap<unknown, number>, options: PatternOptions = {}): ValuePattern[] {
  const threshold = options.threshold ?? DEFAULT_PATTERN_THRESHOLD;
  let total = 0;
  for (const [value, count] of counts) if (value !== null && value !== undefined) total += count;
  if (total === 0) return [];
  const found: ValuePattern[] = [];
  for (const pattern of VALUE_PATTERNS) {
    let matched = 0;
    let missed = 0;
    for (const [value, count] of counts) {
      if (value === null || value === undefined) continue;
      if (typeof value === 'string' && value.trim() !== '' && MATCHERS[pattern](value.trim())) matched += count;
      else missed += count;
      // Give up on a pattern as soon as it can no longer reach the threshold.
      if (missed > total * (1 - threshold)) break;
    }
    if (matched / total >= threshold) found.push(pattern);
  }
  return found;
}
