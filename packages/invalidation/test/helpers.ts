import { randomUUID } from 'node:crypto';
import type { BusListener, InvalidationMessage } from '@multi-tier-cache/core';
import { waitUntil } from '@multi-tier-cache/test-servers';

/** A unique channel per test, so test files sharing one Redis never hear each other. */
export function uniqueChannel(): string {
  return `mtc:test:${randomUUID()}`;
}

/** A listener that records what it hears. */
export function recorder(): BusListener & {
  messages: InvalidationMessage[];
  reconnects: number;
} {
  const record = {
    messages: [] as InvalidationMessage[],
    reconnects: 0,
    onMessage(message: InvalidationMessage) {
      record.messages.push(message);
    },
    onReconnect() {
      record.reconnects++;
    },
  };
  return record;
}

/** Polls `check` until it holds (or throws after `timeoutMs`). */
export function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 10_000) {
  return waitUntil(what, async () => check(), timeoutMs);
}
