// What network drivers (pg, mysql2) have in common when they fail: socket error codes in plain words, and finding the code.

/** Socket-level failures, in the words the user reads after "Cannot reach the … server of <url>:". */
export const SOCKET_ERROR_WORDS: Record<string, string> = {
  ECONNREFUSED: 'nothing accepts connections on that host and port',
  ENOTFOUND: 'the host name does not resolve',
  EAI_AGAIN: 'the host name could not be resolved (DNS did not answer)',
  EHOSTUNREACH: 'the host is unreachable',
  ENETUNREACH: 'the network is unreachable',
  ECONNRESET: 'the server closed the connection',
  EPIPE: 'the server closed the connection',
};

interface DriverError {
  code?: unknown;
  errors?: unknown;
}

/** The driver's error code; Node's happy-eyeballs connect reports an AggregateError whose code may sit on the inner errors only. */
export function driverErrorCode(error: unknown): string | undefined {
  const e = error as DriverError | null;
  if (typeof e?.code === 'string') return e.code;
  if (Array.isArray(e?.errors)) {
    for (const inner of e.errors) {
      const code = driverErrorCode(inner);
      if (code) return code;
    }
  }
  return undefined;
}
