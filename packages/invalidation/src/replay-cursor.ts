import type { Buffer } from 'node:buffer';
import { CacheError } from '@multi-tier-cache/core';
import type { RedisBusOptions } from './redis-bus-options.js';
import type { ReplayStats } from './redis-bus-stats.js';
import { readReplayFrame } from './replay-frame.js';
import { ReplayLog } from './replay-log.js';
import { compareStreamIds } from './stream-id.js';
import type { Transport } from './transport.js';

/** What the cursor needs from its bus. */
export interface ReplayHooks {
  /** Checks, decodes and delivers one payload, as for a live message. */
  apply(payload: Buffer): void;
  /** Tells the listeners that messages were lost (the cache clears its L1). */
  announceGap(): void;
  /** Tells the listeners that the gap was closed by replaying `replayed` messages. */
  announceReplay(replayed: number): void;
  readonly closed: boolean;
  readonly subscribed: boolean;
}

/**
 * The position of one instance in the replay log: the id of the last message it applied, the
 * messages held from the start of a gap until its replay ran, and the replay itself. Trimming
 * removes the oldest entries first, so the log still holds everything after that id exactly when
 * that entry is there; otherwise the cursor announces the gap instead.
 *
 * @example
 * ```ts
 * const cursor = replayCursor(options, channel, 'binary', transport, hooks);
 * await cursor?.start();
 * ```
 */
export class ReplayCursor {
  readonly log: ReplayLog;
  readonly #hooks: ReplayHooks;
  readonly #counters = { replays: 0, replayed: 0, lastReplayed: 0, lastGapMs: 0, clears: 0 };
  #lastId = '0-0';
  #lostAt = 0;
  /** Framed messages held from the start of a gap until its replay ran, applied after it. */
  #pending: { id: string; payload: Buffer }[] | undefined;
  #replaying = false;
  /** Another gap closed while a replay ran: replay again from where that one ends. */
  #replayAgain = false;

  constructor(log: ReplayLog, hooks: ReplayHooks) {
    this.log = log;
    this.#hooks = hooks;
  }

  /** Starts at the newest entry (messages received meanwhile may already be newer). */
  async start(): Promise<void> {
    this.#advance(await this.log.tip());
  }

  /** The subscription is gone: messages heard once it is back wait for the replay. */
  lost(): void {
    this.#lostAt = Date.now();
    this.#pending ??= [];
  }

  /** Handles a live payload; false when it carries no frame (the bus applies it as it is). */
  receive(raw: Buffer): boolean {
    const frame = readReplayFrame(raw);
    if (frame === undefined) return false;
    if (this.#pending !== undefined) this.#pending.push(frame);
    else {
      this.#hooks.apply(frame.payload);
      this.#advance(frame.id);
    }
    return true;
  }

  /**
   * After a subscriber gap: applies the log entries after the last one applied, then what was
   * held that is newer. When the log no longer reaches back, or cannot be read, announces the gap.
   */
  async restored(): Promise<void> {
    if (this.#replaying) {
      this.#replayAgain = true;
      return;
    }
    this.#replaying = true;
    this.#pending ??= [];
    const hooks = this.#hooks;
    const counters = this.#counters;
    counters.lastGapMs = this.#lostAt === 0 ? 0 : Date.now() - this.#lostAt;
    let replayed = false;
    try {
      const { reachesBack, entries } = await this.log.readAfter(this.#lastId);
      if (reachesBack && !hooks.closed) {
        for (const entry of entries) {
          if (entry.payload.length > 0) hooks.apply(entry.payload);
          this.#advance(entry.id);
        }
        counters.replays++;
        counters.replayed += entries.length;
        counters.lastReplayed = entries.length;
        replayed = true;
        hooks.announceReplay(entries.length);
      }
    } catch {
      // Unreadable log: handled as one that no longer reaches back.
    }
    if (!replayed && !hooks.closed) {
      // The position first: the clear covers everything up to it, and what is held after it is
      // applied below (a remove published after the clear must still reach L1).
      try {
        this.#advance(await this.log.tip());
      } catch {
        // The next gap finds the position missing and clears again.
      }
      // Counted in the same turn as the clear: whoever sees the count finds L1 already cleared.
      counters.clears++;
      counters.lastReplayed = 0;
      hooks.announceGap();
    }
    this.#replaying = false;
    if (this.#replayAgain && !hooks.closed) {
      // What is held is in the log too, after that gap: the next replay reads it in order.
      this.#replayAgain = false;
      await this.restored();
      return;
    }
    // Lost again and not back yet: keep holding until that gap is replayed.
    if (!hooks.subscribed) return;
    const pending = this.#pending ?? [];
    this.#pending = undefined;
    for (const frame of pending) {
      if (compareStreamIds(frame.id, this.#lastId) <= 0) continue;
      hooks.apply(frame.payload);
      this.#advance(frame.id);
    }
  }

  stats(): ReplayStats {
    return { key: this.log.key, lastId: this.#lastId, ...this.#counters };
  }

  #advance(id: string): void {
    if (compareStreamIds(id, this.#lastId) > 0) this.#lastId = id;
  }
}

/** The cursor `options.replay` asks for, or undefined without replay; checks the options. */
export function replayCursor(
  options: RedisBusOptions,
  channel: string,
  format: 'binary' | 'rust',
  transport: Transport,
  hooks: ReplayHooks,
): ReplayCursor | undefined {
  const { replay } = options;
  if (replay === undefined) return undefined;
  if (format === 'rust') {
    throw new CacheError(
      'configuration',
      "replay cannot be used with format 'rust': the Rust crate neither logs nor reads the stream",
    );
  }
  if (!Number.isSafeInteger(replay.maxLen) || replay.maxLen < 1) {
    throw new CacheError('configuration', 'replay.maxLen must be a positive integer, e.g. 10000');
  }
  const call = transport.call?.bind(transport);
  if (call === undefined) {
    throw new CacheError(
      'configuration',
      'replay needs a transport that offers call(): use ioredisTransport or nodeRedisTransport',
    );
  }
  return new ReplayCursor(
    new ReplayLog(call, replay.key ?? `{${channel}}:log`, replay.maxLen),
    hooks,
  );
}
