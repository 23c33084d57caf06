// Removes credentials from any text before it reaches a log, an error or a response.

const URL_PASSWORD = /([a-z][a-z0-9+.-]*:\/\/[^:/?#@\s]*:)([^@/\s]+)(@)/gi;
const KEY_VALUE_SECRET = /\b(password|passwd|pwd|secret|api[_-]?key|token|access[_-]?key)(\s*[=:]\s*)("[^"]*"|'[^']*'|[^\s&;,]+)/gi;

export function redactSecrets(text: string): string {
  return text.replace(URL_PASSWORD, '$1***$3').replace(KEY_VALUE_SECRET, '$1$2***');
}

const QUERY_SECRET = /([?&](?:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key)=)([^&#]*)/gi;

const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

interface Userinfo {
  /** Index in the URL where the password starts (just after the first ':' of the userinfo). */
  start: number;
  /** Index of the '@' that ends the userinfo. */
  end: number;
}

function locatePassword(url: string): Userinfo | undefined {
  const scheme = SCHEME.exec(url);
  if (!scheme) return undefined;
  const restStart = scheme[0].length;
  // The host cannot contain '@', so the userinfo ends at the last '@' before the query. Taking the
  // last one (not the first) keeps an unencoded '@' or '/' inside a password hidden as well.
  const queryAt = url.slice(restStart).search(/[?#]/);
  const limit = queryAt === -1 ? url.length : restStart + queryAt;
  let at = url.lastIndexOf('@', limit - 1);
  if (at < restStart) {
    // An unencoded '?' or '#' in the password moves the apparent query start into it;
    // rather hide too much than print a secret.
    at = url.lastIndexOf('@');
    if (at < restStart) return undefined;
  }
  const colon = url.indexOf(':', restStart);
  if (colon === -1 || colon > at) return undefined;
  return { start: colon + 1, end: at };
}

/** Replaces the password of `scheme://user:password@host…` (and password-like query parameters) with `***`. */
export function redactUrl(url: string): string {
  let out = url;
  const found = locatePassword(out);
  if (found) out = `${out.slice(0, found.start)}***${out.slice(found.end)}`;
  return out.replace(QUERY_SECRET, '$1***');
}

/** The password forms (raw and percent-decoded) a driver might echo back. */
function passwordsOf(url: string): string[] {
  const found: string[] = [];
  const loc = locatePassword(url);
  if (loc) found.push(url.slice(loc.start, loc.end));
  for (const m of url.matchAll(QUERY_SECRET)) found.push(m[2] ?? '');
  const withDecoded = found.flatMap((p) => {
    try {
      return [p, decodeURIComponent(p)];
    } catch {
      return [p];
    }
  });
  return [...new Set(withDecoded)].filter((p) => p.length > 0);
}

/**
 * Hides the URL (redacted) and its password wherever they appear in `text`. Used on driver
 * messages, which sometimes quote connection parameters back.
 */
export function scrubUrlSecrets(text: string, url: string): string {
  let out = text.split(url).join(redactUrl(url));
  for (const secret of passwordsOf(url)) out = out.split(secret).join('***');
  return out;
}
