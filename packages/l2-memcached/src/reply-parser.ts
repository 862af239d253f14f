/**
 * One reply of the meta protocol: a two-letter code (`VA`, `HD`, `EN`, `NF`, `NS`, `EX`, `MN`) or
 * an error line (`ERROR`, `CLIENT_ERROR`, `SERVER_ERROR`), the flag tokens as sent (`"t59 f0"`),
 * and the data block of a `VA` reply.
 */
export interface MetaReply {
  readonly code: string;
  /** Everything after the code (and after the size of a `VA` reply), e.g. `"t59 f0"`. */
  readonly flags: string;
  /** The data block of a `VA` reply, copied out of the socket's buffers. */
  readonly value: Uint8Array | undefined;
}

const CR = 13;
const LF = 10;
const SPACE = 32;
const V = 86;
const A = 65;

const BARE: Readonly<Record<string, MetaReply>> = Object.fromEntries(
  ['EN', 'HD', 'NF', 'NS', 'EX', 'MN'].map((code) => [
    code,
    Object.freeze({ code, flags: '', value: undefined }),
  ]),
);

function bareReply(first: number, second: number): MetaReply | undefined {
  return BARE[String.fromCharCode(first, second)];
}

/**
 * Incremental parser of meta-protocol replies: feed it socket chunks as they come, split at any
 * byte or merged several replies to a chunk, and it calls `onReply` once per complete reply, in
 * order. Data blocks are framed by their announced size, never by searching for `\r\n`.
 *
 * @example
 * ```ts
 * const parser = new ReplyParser((reply) => console.log(reply.code));
 * socket.on('data', (chunk) => parser.push(chunk));
 * ```
 */
export class ReplyParser {
  readonly #onReply: (reply: MetaReply) => void;
  /** Bytes of an incomplete reply, in the chunks they came in (joined once complete). */
  #rest: Buffer[] = [];
  #restLength = 0;
  /** Bytes the incomplete reply needs in all, when known (a `VA` whose header has arrived). */
  #need = 0;

  constructor(onReply: (reply: MetaReply) => void) {
    this.#onReply = onReply;
  }

  /** Bytes received but not yet part of a complete reply. */
  get buffered(): number {
    return this.#restLength;
  }

  /** Drops any partial reply (after the connection was reset). */
  reset(): void {
    this.#rest = [];
    this.#restLength = 0;
    this.#need = 0;
  }

  /**
   * Parses as many complete replies as the first `length` bytes of `chunk` (after earlier
   * leftovers) hold. `chunk` may be reused by the caller afterwards: nothing keeps a view of it.
   */
  push(chunk: Buffer, length: number = chunk.length): void {
    let buffer: Buffer;
    let end: number;
    if (this.#restLength === 0) {
      buffer = chunk;
      end = length;
    } else if (this.#restLength + length < this.#need) {
      // Still short of a large value: keep the chunk, join everything once (linear, not quadratic).
      this.#rest.push(Buffer.from(chunk.subarray(0, length)));
      this.#restLength += length;
      return;
    } else {
      this.#rest.push(chunk.subarray(0, length));
      buffer = Buffer.concat(this.#rest);
      end = buffer.length;
      this.reset();
    }
    let offset = 0;
    let need = 0;
    while (offset < end) {
      const lineEnd = findLineEnd(buffer, offset, end);
      if (lineEnd < 0) break;
      if (lineEnd - offset === 2) {
        // A bare two-letter status (EN, HD, NF, NS, EX, MN): no allocation.
        const bare = bareReply(buffer[offset]!, buffer[offset + 1]!);
        if (bare !== undefined) {
          offset = lineEnd + 2;
          this.#onReply(bare);
          continue;
        }
      }
      if (buffer[offset] === V && buffer[offset + 1] === A && buffer[offset + 2] === SPACE) {
        // "VA <size> <flags>*"
        let cursor = offset + 3;
        let size = 0;
        while (cursor < lineEnd) {
          const digit = buffer[cursor]! - 48;
          if (digit < 0 || digit > 9) break;
          size = size * 10 + digit;
          cursor++;
        }
        const dataStart = lineEnd + 2;
        const dataEnd = dataStart + size;
        if (dataEnd + 2 > end) {
          need = dataEnd + 2 - offset;
          break;
        }
        const flags = cursor < lineEnd ? buffer.toString('latin1', cursor + 1, lineEnd) : '';
        const value = new Uint8Array(size);
        buffer.copy(value, 0, dataStart, dataEnd);
        offset = dataEnd + 2;
        this.#onReply({ code: 'VA', flags, value });
        continue;
      }
      const line = buffer.toString('latin1', offset, lineEnd);
      offset = lineEnd + 2;
      const space = line.indexOf(' ');
      if (space < 0) this.#onReply({ code: line, flags: '', value: undefined });
      else
        this.#onReply({
          code: line.slice(0, space),
          flags: line.slice(space + 1),
          value: undefined,
        });
    }
    if (offset < end) {
      this.#rest = [Buffer.from(buffer.subarray(offset, end))];
      this.#restLength = end - offset;
      this.#need = need;
    }
  }
}

/** Index of the `\r` of the next `\r\n` in `[from, end)`, or -1 when the line is incomplete. */
function findLineEnd(buffer: Buffer, from: number, end: number): number {
  for (let index = from; index + 1 < end; index++) {
    if (buffer[index] === CR && buffer[index + 1] === LF) return index;
  }
  return -1;
}

/**
 * The numeric token of flag `name` in a reply's flags (`flagNumber('t59 f0', 't')` is 59), or
 * `undefined` when absent or not a number.
 *
 * @example
 * ```ts
 * const seconds = flagNumber(reply.flags, 't');
 * ```
 */
export function flagNumber(flags: string, name: string): number | undefined {
  let start = 0;
  while (start < flags.length) {
    let stop = flags.indexOf(' ', start);
    if (stop < 0) stop = flags.length;
    if (flags[start] === name) {
      const value = Number(flags.slice(start + 1, stop));
      return Number.isInteger(value) ? value : undefined;
    }
    start = stop + 1;
  }
  return undefined;
}

/** True when the reply's flags include the bare flag `name` (e.g. `W`, `Z`, `X`). */
export function hasFlag(flags: string, name: string): boolean {
  let start = 0;
  while (start < flags.length) {
    let stop = flags.indexOf(' ', start);
    if (stop < 0) stop = flags.length;
    if (flags[start] === name) return true;
    start = stop + 1;
  }
  return false;
}
