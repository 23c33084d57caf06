// Removes credentials from any text before it reaches a log, an error or a response.

const URL_PASSWORD = /([a-z][a-z0-9+.-]*:\/\/[^:/?#@\s]*:)([^@/\s]+)(@)/gi;
const KEY_VALUE_SECRET = /\b(password|passwd|pwd|secret|api[_-]?key|token|access[_-]?key)(\s*[=:]\s*)("[^"]*"|'[^']*'|[^\s&;,]+)/gi;

export function redactSecrets(text: string): string {
  return text.replace(URL_PASSWORD, '$1***$3').replace(KEY_VALUE_SECRET, '$1$2***');
}

/** A URL with its password replaced by ***; unparsable input is still scrubbed textually. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    for (const key of [...parsed.searchParams.keys()]) {
      if (/pass|secret|token|key/i.test(key)) parsed.searchParams.set(key, '***');
    }
    return parsed.toString();
  } catch {
    return redactSecrets(url);
  }
}
