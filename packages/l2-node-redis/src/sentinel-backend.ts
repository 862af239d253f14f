import {
  type Backend,
  type Command,
  closeOrDestroy,
  type NodeSender,
  ReadyGate,
} from './backend.js';
import { BUFFER_REPLIES } from './buffer-replies.js';
import type { NodeRedisSentinel } from './node-redis-store-options.js';

import type { ConnectionSetup } from './standalone-backend.js';

/**
 * The master of a Sentinel-managed set through node-redis' sentinel client, which follows
 * failovers; while it has no master connection, calls reject at once. Replies come back as
 * Buffers through a per-command type mapping.
 */
export class SentinelBackend implements Backend {
  readonly clustered = false;
  readonly #sentinel: NodeRedisSentinel;
  readonly #gate: ReadyGate;
  readonly #setup: ConnectionSetup;
  readonly #sender: NodeSender;
  readonly #commandOptions: {
    readonly typeMapping: typeof BUFFER_REPLIES;
    readonly timeout: number;
  };

  constructor(sentinel: NodeRedisSentinel, setup: ConnectionSetup) {
    this.#sentinel = sentinel;
    this.#commandOptions = { typeMapping: BUFFER_REPLIES, timeout: setup.commandTimeout };
    this.#setup = setup;
    this.#gate = new ReadyGate(sentinel, setup.connecting, setup.connectTimeoutMs, setup.address);
    this.#sender = { address: setup.address, send: (command) => this.send('', command) };
  }

  whenReady(): undefined {
    return undefined;
  }

  nodeOfSlot(): string {
    return this.#setup.address;
  }

  send(routingKey: string, command: Command): Promise<unknown> {
    if (!this.#sentinel.isReady) {
      return this.#gate.whenReady().then(() => this.send(routingKey, command));
    }
    return this.#sentinel.sendCommand(false, command, this.#commandOptions);
  }

  pipeline(routingKey: string, commands: Command[]): Promise<unknown[]> {
    if (!this.#sentinel.isReady) {
      return this.#gate.whenReady().then(() => this.pipeline(routingKey, commands));
    }
    // node-redis' sentinel pipeline runs on the leased master client without the Buffer type
    // mapping, so the commands are sent one by one in the same tick: node-redis still writes them
    // to the socket together, in one round trip.
    return Promise.all(
      commands.map((command) => this.#sentinel.sendCommand(false, command, this.#commandOptions)),
    );
  }

  masters(): Promise<NodeSender[]> {
    return Promise.resolve([this.#sender]);
  }

  async close(): Promise<void> {
    this.#setup.stop();
    if (this.#setup.owned) await closeOrDestroy(this.#sentinel);
    this.#setup.detach();
  }
}
