import { connect, type Socket } from 'node:net';
import { CacheError } from '@multi-tier-cache/core';
import { backoffDelay } from './backoff.js';
import { type MetaReply, ReplyParser } from './reply-parser.js';

/** How one connection behaves; the store fills it from its own options. */
export interface ConnectionOptions {
  readonly host: string;
  readonly port: number;
  /** Deadline of every request, from the moment it is sent. */
  readonly timeoutMs: number;
  /** First reconnect delay after a failure; doubles per failed attempt. */
  readonly reconnectInitialMs: number;
  /** Longest reconnect delay. */
  readonly reconnectMaxMs: number;
}

const READ_BUFFER_BYTES = 64 * 1024;

interface Pending {
  readonly resolve: (value: never) => void;
  readonly reject: (error: unknown) => void;
  readonly deadline: number;
  /** Replies still expected; a batch resolves with all of them, a single request with one. */
  remaining: number;
  readonly replies: MetaReply[] | undefined;
}

/**
 * One TCP connection to one memcached, pipelined: requests are written as soon as they are made
 * (several in one write when made in the same tick) and replies, which memcached sends in order,
 * are matched first-in first-out. A reply that misses its deadline means the stream is stuck, so
 * the connection fails everything in flight and is replaced; while a server is unreachable,
 * requests fail at once and reconnects are spaced by capped exponential backoff.
 *
 * @example
 * ```ts
 * const connection = new Connection({ host: '127.0.0.1', port: 11211, timeoutMs: 500,
 *   reconnectInitialMs: 50, reconnectMaxMs: 2000 });
 * const reply = await connection.send('mn\r\n'); // { code: 'MN', ... }
 * ```
 */
export class Connection {
  readonly #options: ConnectionOptions;
  readonly #parser: ReplyParser;
  readonly #queue: Pending[] = [];
  #head = 0;
  #socket: Socket | undefined;
  #corked = false;
  #timer: NodeJS.Timeout | undefined;
  #failures = 0;
  #retryAt = 0;
  #lastError: unknown;
  #closed = false;
  #readBuffer: Buffer | undefined;

  constructor(options: ConnectionOptions) {
    this.#options = options;
    this.#parser = new ReplyParser((reply) => this.#onReply(reply));
  }

  /** `host:port` of the server. */
  get address(): string {
    return `${this.#options.host}:${this.#options.port}`;
  }

  /** Requests written and not yet answered. */
  get inFlight(): number {
    return this.#queue.length - this.#head;
  }

  /** Sends one command and resolves to its reply. */
  send(request: string | Uint8Array): Promise<MetaReply> {
    return new Promise<MetaReply>((resolve, reject) => {
      const socket = this.#usableSocket(reject);
      if (socket === undefined) return;
      this.#enqueue({
        resolve,
        reject,
        deadline: Date.now() + this.#options.timeoutMs,
        remaining: 1,
        replies: undefined,
      });
      this.#write(socket, request);
    });
  }

  /** Sends several commands in one write and resolves to their replies, in order. */
  sendBatch(requests: readonly (string | Uint8Array)[]): Promise<MetaReply[]> {
    return new Promise<MetaReply[]>((resolve, reject) => {
      if (requests.length === 0) {
        resolve([]);
        return;
      }
      const socket = this.#usableSocket(reject);
      if (socket === undefined) return;
      this.#enqueue({
        resolve,
        reject,
        deadline: Date.now() + this.#options.timeoutMs,
        remaining: requests.length,
        replies: [],
      });
      for (const request of requests) this.#write(socket, request);
    });
  }

  /** Fails what is in flight and closes the socket; later calls reject with `closed`. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#fail(new CacheError('closed', `memcached connection to ${this.address} was closed`));
  }

  #usableSocket(reject: (error: unknown) => void): Socket | undefined {
    if (this.#socket !== undefined) return this.#socket;
    if (this.#closed) {
      reject(new CacheError('closed', 'the memcached store was closed: create a new one'));
      return undefined;
    }
    const now = Date.now();
    if (now < this.#retryAt) {
      reject(
        new CacheError(
          'tier-failure',
          `memcached at ${this.address} is unreachable (${describe(this.#lastError)}); next reconnect in ${this.#retryAt - now} ms`,
          { cause: this.#lastError },
        ),
      );
      return undefined;
    }
    return this.#open();
  }

  #open(): Socket {
    // Reading into one reused buffer skips the stream machinery of 'data' events; the parser
    // copies out whatever it keeps.
    this.#readBuffer ??= Buffer.allocUnsafe(READ_BUFFER_BYTES);
    const socket = connect({
      host: this.#options.host,
      port: this.#options.port,
      noDelay: true,
      onread: {
        buffer: this.#readBuffer,
        callback: (bytes: number, buffer: Uint8Array) => {
          if (this.#socket === socket) this.#parser.push(buffer as Buffer, bytes);
          return true;
        },
      },
    });
    this.#socket = socket;
    let connected = false;
    socket.on('connect', () => {
      connected = true;
      this.#failures = 0;
      this.#lastError = undefined;
    });
    socket.on('error', (error) => {
      this.#lastError = error;
    });
    socket.on('close', () => {
      if (this.#socket !== socket) return;
      this.#socket = undefined;
      // A connection that worked is reopened by the next call at once; one that never connected
      // backs off.
      this.#failures = connected ? 0 : this.#failures + 1;
      this.#retryAt =
        this.#failures === 0
          ? 0
          : Date.now() +
            backoffDelay(
              this.#failures - 1,
              this.#options.reconnectInitialMs,
              this.#options.reconnectMaxMs,
            );
      this.#fail(
        new CacheError(
          'tier-failure',
          `memcached connection to ${this.address} closed (${describe(this.#lastError)})`,
          {
            cause: this.#lastError,
          },
        ),
      );
    });
    return socket;
  }

  #enqueue(pending: Pending): void {
    this.#queue.push(pending);
    if (this.#timer === undefined) this.#arm(this.#options.timeoutMs);
  }

  #write(socket: Socket, request: string | Uint8Array): void {
    if (this.#corked) {
      socket.write(request);
      return;
    }
    // The first request of a tick goes out at once; the others made in the same tick are
    // gathered and written together when the tick ends.
    socket.write(request);
    this.#corked = true;
    socket.cork();
    process.nextTick(() => {
      this.#corked = false;
      socket.uncork();
    });
  }

  #onReply(reply: MetaReply): void {
    const pending = this.#queue[this.#head];
    if (pending === undefined) {
      this.#reset(
        new CacheError(
          'tier-failure',
          `memcached at ${this.address} sent an unexpected reply ${reply.code}`,
        ),
      );
      return;
    }
    if (reply.code === 'ERROR' || reply.code === 'CLIENT_ERROR') {
      // The server and this client no longer agree on where a command starts: start afresh.
      const hint =
        reply.code === 'ERROR'
          ? 'it does not know the command: meta commands need memcached 1.6 or later'
          : 'it found the command malformed; the connection was reset';
      this.#reset(
        new CacheError(
          'tier-failure',
          `memcached at ${this.address} refused a command (${reply.code}${reply.flags ? ` ${reply.flags}` : ''}): ${hint}`,
        ),
      );
      return;
    }
    if (pending.replies === undefined) {
      this.#shift();
      pending.resolve(reply as never);
      return;
    }
    pending.replies.push(reply);
    if (--pending.remaining === 0) {
      this.#shift();
      pending.resolve(pending.replies as never);
    }
  }

  #shift(): void {
    this.#queue[this.#head] = undefined as unknown as Pending;
    this.#head++;
    if (this.#head === this.#queue.length) {
      this.#queue.length = 0;
      this.#head = 0;
    } else if (this.#head > 1024 && this.#head * 2 > this.#queue.length) {
      this.#queue.splice(0, this.#head);
      this.#head = 0;
    }
  }

  #arm(delayMs: number): void {
    this.#timer = setTimeout(() => this.#checkDeadline(), Math.max(1, delayMs));
    this.#timer.unref();
  }

  #checkDeadline(): void {
    this.#timer = undefined;
    const head = this.#queue[this.#head];
    if (head === undefined) return;
    const left = head.deadline - Date.now();
    if (left > 0) {
      this.#arm(left);
      return;
    }
    this.#failures++;
    this.#retryAt =
      Date.now() +
      backoffDelay(
        this.#failures - 1,
        this.#options.reconnectInitialMs,
        this.#options.reconnectMaxMs,
      );
    this.#lastError = new Error(`no reply within ${this.#options.timeoutMs} ms`);
    this.#reset(
      new CacheError(
        'timeout',
        `memcached at ${this.address} did not answer within ${this.#options.timeoutMs} ms`,
      ),
    );
  }

  /** Fails everything in flight and drops the socket; the next request opens a new one. */
  #reset(error: CacheError): void {
    this.#fail(error);
  }

  #fail(error: CacheError): void {
    const socket = this.#socket;
    this.#socket = undefined;
    socket?.destroy();
    this.#parser.reset();
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    const queue = this.#queue.splice(this.#head);
    this.#queue.length = 0;
    this.#head = 0;
    for (const pending of queue) pending.reject(error);
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  return error === undefined ? 'no error reported' : String(error);
}
