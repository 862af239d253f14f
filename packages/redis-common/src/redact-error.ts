import { redactUrl } from './redact-url.js';

const HIDDEN = '***';
/** Nesting followed inside an error (causes, command arguments, aggregated errors). */
const MAX_DEPTH = 4;

/**
 * The secrets of a Redis URL or password as they may appear in a client's error: the password as
 * written, percent-decoded and percent-encoded. Empty strings are left out.
 *
 * @example
 * ```ts
 * secretsOf('redis://app:p%40ss@cache:6379'); // ['p%40ss', 'p@ss']
 * secretsOf(undefined, 'hunter2'); // ['hunter2']
 * ```
 */
export function secretsOf(url?: string, password?: string): string[] {
  const found = new Set<string>();
  const add = (secret: string | undefined) => {
    if (secret === undefined || secret === '') return;
    found.add(secret);
    try {
      found.add(decodeURIComponent(secret));
    } catch {}
    found.add(encodeURIComponent(secret));
  };
  add(password);
  if (url !== undefined) {
    const start = url.indexOf('//');
    const at = url.lastIndexOf('@');
    if (start !== -1 && at > start) {
      const credentials = url.slice(start + 2, at);
      const colon = credentials.indexOf(':');
      add(colon === -1 ? credentials : credentials.slice(colon + 1));
    }
  }
  return [...found];
}

/**
 * A copy of `error` safe to surface: every known `secret` is hidden in its message, stack and
 * own properties (ioredis keeps an AUTH command's arguments on its errors, Node's URL errors keep
 * the raw `input`), and so is every URL's password (see {@link redactUrl}), down to nested causes.
 * The copy keeps the prototype, so `instanceof` and `code` still work; the original is untouched.
 *
 * @example
 * ```ts
 * client.get(key).catch((error) => { throw redactError(error, secretsOf(url)); });
 * ```
 */
export function redactError(error: unknown, secrets: readonly string[]): unknown {
  const sorted = [...secrets].filter((s) => s !== '').sort((a, b) => b.length - a.length);
  return redactValue(error, sorted, 0, new WeakMap());
}

function redactText(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) result = result.split(secret).join(HIDDEN);
  return result.replace(/[a-z][a-z0-9+.-]*:\/\/\S*@/gi, (match) => redactUrl(match));
}

function redactValue(
  value: unknown,
  secrets: readonly string[],
  depth: number,
  seen: WeakMap<object, unknown>,
): unknown {
  if (typeof value === 'string') return redactText(value, secrets);
  if (typeof value !== 'object' || value === null) return value;
  if (depth > MAX_DEPTH) return Array.isArray(value) ? [] : {};
  const known = seen.get(value);
  if (known !== undefined) return known;
  if (ArrayBuffer.isView(value)) {
    const text = Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('utf8');
    return secrets.some((secret) => text.includes(secret)) ? HIDDEN : value;
  }
  if (Array.isArray(value)) {
    const copy: unknown[] = [];
    seen.set(value, copy);
    for (const item of value) copy.push(redactValue(item, secrets, depth + 1, seen));
    return copy;
  }
  if (value instanceof Error) {
    const copy = Object.create(Object.getPrototypeOf(value) as object) as Error;
    seen.set(value, copy);
    for (const key of ['message', 'stack', 'name'] as const) {
      const own = Object.getOwnPropertyDescriptor(value, key);
      if (own !== undefined) {
        // Node 22 and later keep `stack` as an accessor: copy what it reads as a plain value.
        Object.defineProperty(copy, key, {
          value: redactValue(value[key], secrets, depth + 1, seen),
          writable: true,
          configurable: true,
          enumerable: own.enumerable ?? false,
        });
      }
    }
    if ('cause' in value) {
      Object.defineProperty(copy, 'cause', {
        value: redactValue(value.cause, secrets, depth + 1, seen),
        writable: true,
        configurable: true,
        enumerable: false,
      });
    }
    copyEntries(value, copy, secrets, depth, seen);
    return copy;
  }
  const copy: Record<string, unknown> = {};
  seen.set(value, copy);
  copyEntries(value, copy, secrets, depth, seen);
  return copy;
}

function copyEntries(
  from: object,
  to: object,
  secrets: readonly string[],
  depth: number,
  seen: WeakMap<object, unknown>,
): void {
  for (const [key, item] of Object.entries(from)) {
    if (key === 'message' || key === 'stack' || key === 'cause') continue;
    (to as Record<string, unknown>)[key] = redactValue(item, secrets, depth + 1, seen);
  }
}
