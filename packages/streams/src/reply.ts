import type { StreamEntry } from './streaming-backend.js';

/**
 * A stream entry whose field values are the raw bytes stored in Redis.
 *
 * @example
 * ```ts
 * const [entry] = await streams.read('uploads', { encoding: 'buffer' }); // entry.fields.file is a Buffer
 * ```
 */
export interface BinaryStreamEntry {
  readonly id: string;
  readonly fields: Readonly<Record<string, Buffer>>;
}

export function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  return String(value);
}

/** Sets a field without letting a `__proto__` field name touch the prototype. */
function setField<T>(target: Record<string, T>, name: string, value: T): void {
  if (name === '__proto__') {
    Object.defineProperty(target, name, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  } else {
    target[name] = value;
  }
}

/**
 * `[id, [field, value, ...]]` pairs as Redis sends them. Entries whose fields are `null` (deleted
 * after they were delivered to a group) are left out.
 */
export function decodeEntries(raw: unknown): StreamEntry[];
export function decodeEntries(raw: unknown, binary: true): BinaryStreamEntry[];
export function decodeEntries(raw: unknown, binary?: boolean): (StreamEntry | BinaryStreamEntry)[];
export function decodeEntries(raw: unknown, binary = false): (StreamEntry | BinaryStreamEntry)[] {
  if (!Array.isArray(raw)) return [];
  const entries: (StreamEntry | BinaryStreamEntry)[] = [];
  for (const item of raw) {
    if (!Array.isArray(item) || !Array.isArray(item[1])) continue;
    const list = item[1] as unknown[];
    const fields: Record<string, string | Buffer> = {};
    for (let i = 0; i + 1 < list.length; i += 2) {
      const value = list[i + 1];
      setField(
        fields,
        text(list[i]),
        binary ? (Buffer.isBuffer(value) ? value : Buffer.from(text(value))) : text(value),
      );
    }
    entries.push({ id: text(item[0]), fields } as StreamEntry | BinaryStreamEntry);
  }
  return entries;
}

/**
 * The entries of the one stream an XREAD / XREADGROUP asked for, whatever shape the client gives
 * the reply: RESP2 `[[key, entries]]`, RESP3 as a flat `[key, entries]`, a Map or an object.
 */
export function entriesOfOnlyStream(reply: unknown): unknown {
  if (reply === null || reply === undefined) return [];
  if (reply instanceof Map) return reply.values().next().value ?? [];
  if (Array.isArray(reply)) {
    if (reply.length === 0) return [];
    return Array.isArray(reply[0]) ? (reply[0] as unknown[])[1] : reply[1];
  }
  if (typeof reply === 'object') return Object.values(reply)[0] ?? [];
  return [];
}

/** A Redis error reply's text, for matching codes like BUSYGROUP and NOGROUP. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
