/**
 * What went wrong reaching Redis, in words a user can act on: the system error code or the
 * Redis refusal, where it happened, and what to do. Client internals (ioredis's "Reached the max
 * retries per request limit", node-redis's "The client is closed") are never shown: pass the
 * connection's last real error when the client has one. `where` should be a host:port or a
 * redacted URL; the result never holds more of the error than its code and Redis's reply.
 *
 * @example
 * ```ts
 * client.on('error', (error) => { last = error; });
 * describeConnectionError(last, '127.0.0.1:1');
 * // 'ECONNREFUSED 127.0.0.1:1: nothing accepts connections there; start Redis or fix the URL'
 * ```
 */
export function describeConnectionError(error: unknown, where: string): string {
  const cause = innermost(error);
  const code = stringField(cause, 'code');
  const message = stringField(cause, 'message') ?? (cause === undefined ? '' : String(cause));
  const systemCode = code !== undefined && /^E[A-Z]+$/.test(code) ? code : undefined;
  if (systemCode !== undefined)
    return `${systemCode} ${where}: ${SYSTEM_ADVICE[systemCode] ?? 'the connection failed'}`;
  if (/^NOAUTH\b/.test(message)) {
    return `NOAUTH ${where}: Redis requires a password; put it in the URL (redis://:password@host:port)`;
  }
  if (/^WRONGPASS\b/.test(message)) {
    return `WRONGPASS ${where}: Redis refused the user name or password; check the credentials in the URL`;
  }
  if (/DB index is out of range/i.test(message)) {
    return `DB index out of range at ${where}: the database number in the URL (redis://host:port/N) is higher than the server's "databases" setting`;
  }
  if (
    /max retries per request|client is closed|connection is closed|stream isn't writeable/i.test(
      message,
    )
  ) {
    return `${where} is not reachable: the connection is down and keeps retrying`;
  }
  const firstLine = message.split('\n', 1)[0]!.trim();
  return firstLine === '' ? `${where}: the connection failed` : `${where}: ${firstLine}`;
}

const SYSTEM_ADVICE: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'nothing accepts connections there; start Redis or fix the URL',
  ENOTFOUND: 'the host name does not resolve; fix the host in the URL',
  EAI_AGAIN: 'the host name could not be resolved right now (DNS); check the host and DNS',
  ETIMEDOUT: 'the connection timed out; check the host, port and firewall',
  EHOSTUNREACH: 'the host is unreachable; check the network and the host in the URL',
  ENETUNREACH: 'the network is unreachable; check the network and the host in the URL',
  ECONNRESET:
    'the server closed the connection; check that it is Redis and whether it needs TLS (rediss://)',
  EPIPE:
    'the server closed the connection; check that it is Redis and whether it needs TLS (rediss://)',
};

/** The error that says most: the first of an AggregateError (Node's happy eyeballs), else a cause with a system code. */
function innermost(error: unknown, depth = 0): unknown {
  if (depth > 4 || typeof error !== 'object' || error === null) return error;
  const errors = (error as { errors?: unknown }).errors;
  if (Array.isArray(errors) && errors.length > 0) return innermost(errors[0], depth + 1);
  if (
    stringField(error, 'code') === undefined &&
    (error as { cause?: unknown }).cause !== undefined
  ) {
    const inner = innermost((error as { cause?: unknown }).cause, depth + 1);
    if (stringField(inner, 'code') !== undefined || stringField(inner, 'message') !== undefined) {
      return inner;
    }
  }
  return error;
}

function stringField(value: unknown, field: 'code' | 'message'): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const found = (value as Record<string, unknown>)[field];
  return typeof found === 'string' ? found : undefined;
}
