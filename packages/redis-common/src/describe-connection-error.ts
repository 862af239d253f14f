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
  if (CLIENT_INTERNALS.test(message)) {
    return `${where} is not reachable: the connection is down and keeps retrying`;
  }
  const firstLine = message.split('\n', 1)[0]!.trim();
  return firstLine === '' ? `${where}: the connection failed` : `${where}: ${firstLine}`;
}

/** What clients say when a command meets a connection that is down, in place of the reason. */
const CLIENT_INTERNALS =
  /max retries per request|client is closed|connection is closed|stream isn't writeable|socket closed unexpectedly|client is offline|root nodes are unavailable|none of the sentinels are available|all sentinels are unreachable|failed to refresh slots cache/i;

/** Redis refusing the connection itself: credentials or database, not a command. */
const REDIS_REFUSALS = /^(NOAUTH|WRONGPASS)\b|DB index is out of range/i;

/**
 * True when `error` is about the connection (a socket error, a refused login or database, or a
 * client's "connection is down" text) rather than about a command (`WRONGTYPE`, `OOM`, a timeout):
 * such errors are better described from the connection's last real error with
 * {@link describeConnectionError}.
 *
 * @example
 * ```ts
 * isConnectionError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' })); // true
 * isConnectionError(new Error('WRONGTYPE Operation against a key holding the wrong kind of value')); // false
 * ```
 */
export function isConnectionError(error: unknown): boolean {
  const cause = innermost(error);
  const code = stringField(cause, 'code');
  if (code !== undefined && /^E[A-Z]+$/.test(code)) return true;
  const message = stringField(cause, 'message') ?? stringField(error, 'message') ?? '';
  return REDIS_REFUSALS.test(message) || CLIENT_INTERNALS.test(message);
}

/**
 * `address:port` of the socket a system error names (`connect ECONNREFUSED 10.0.0.7:6379`), else
 * `fallback`: on a Cluster or behind Sentinel it says which of the servers failed.
 *
 * @example
 * ```ts
 * client.on('error', (error) => { last = error; });
 * describeConnectionError(last, addressOf(last, 'the cluster 127.0.0.1:7000'));
 * ```
 */
export function addressOf(error: unknown, fallback: string): string {
  const cause = innermost(error);
  if (typeof cause !== 'object' || cause === null) return fallback;
  const { address, port } = cause as { address?: unknown; port?: unknown };
  if (typeof address !== 'string' || typeof port !== 'number') return fallback;
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
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
