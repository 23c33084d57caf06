// Owns the one shape of result values every engine returns: JSON-safe numbers, strings, booleans and null, with big
// integers and decimals as strings when a double cannot hold them exactly, dates as ISO text and binary as base64.

/** An integer from the driver (bigint or its decimal text): a number when exactly representable, else its text. */
export function integerValue(value: bigint | string | number): number | string {
  if (typeof value === 'number') return value;
  const big = typeof value === 'bigint' ? value : BigInt(value);
  return big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big.toString();
}

const DECIMAL_TEXT = /^([+-]?)(\d*)(?:\.(\d*))?$/;

/**
 * A decimal in its exact text form (`123.4500`): a number when the double prints back as the same decimal value
 * (trailing zeros aside), else the text unchanged, so no digit is ever lost.
 */
export function decimalValue(text: string): number | string {
  const match = DECIMAL_TEXT.exec(text.trim());
  if (!match) return text; // NaN, Infinity, exponent forms: kept exactly as the engine wrote them
  const [, sign, whole = '', fraction = ''] = match;
  const intPart = whole.replace(/^0+(?=\d)/, '') || '0';
  const fracPart = fraction.replace(/0+$/, '');
  const canonical = `${sign === '-' && (intPart !== '0' || fracPart !== '') ? '-' : ''}${intPart}${fracPart ? `.${fracPart}` : ''}`;
  const asNumber = Number(canonical);
  return Number.isFinite(asNumber) && String(asNumber) === canonical ? asNumber : text;
}

/** A floating-point value: JSON has no NaN or Infinity, so those stay text. */
export function floatValue(value: number): number | string {
  return Number.isFinite(value) ? value : String(value);
}

/** Binary data as base64. */
export function binaryValue(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/**
 * An engine's timestamp text (`2024-01-02 03:04:05.123456+02`) in ISO 8601 form (`2024-01-02T03:04:05.123456+02:00`),
 * keeping every fractional digit a Date would drop. Text that is not a timestamp is returned unchanged.
 */
export function isoTimestampText(text: string): string {
  const match = /^(\d{4,}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}(?:\.\d+)?)(?:([+-]\d{2})(?::?(\d{2}))?(?::?(\d{2}))?)?( BC)?$/.exec(text);
  if (!match) return text;
  const [, date, time, zoneHours, zoneMinutes, zoneSeconds, bc] = match;
  if (bc) return text; // ISO has no plain way to write BC dates; the engine's text is the honest answer
  const zone = zoneHours ? `${zoneHours}:${zoneMinutes ?? '00'}${zoneSeconds ? `:${zoneSeconds}` : ''}` : '';
  return `${date}T${time}${zone}`;
}

/** Any value a driver hands back, in the contract's shape; engines with typed values call the specific functions. */
export function plainValue(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return floatValue(value);
    case 'bigint':
      return integerValue(value);
    default:
      break;
  }
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (value instanceof Uint8Array) return binaryValue(value);
  if (typeof value === 'object') {
    try {
      return JSON.stringify(value, (_key, inner: unknown) => (typeof inner === 'bigint' ? inner.toString() : inner));
    } catch {
      return String(value);
    }
  }
  return String(value);
}
