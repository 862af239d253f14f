import {
  type Backend,
  type Command,
  closeOrDestroy,
  type NodeSender,
  ReadyGate,
} from './backend.js';
import { BUFFER_REPLIES } from './buffer-replies.js';
import type { NodeRedisSentinel, NodeRedisSentinelCommands } from './node-redis-store-options.js';
import type { ConnectionSetup } from './standalone-backend.js';

/**
 * The master of a Sentinel-managed set through node-redis' sentinel client, which follows
 * failovers; while it has no master connection, calls reject at once.
 */
export class SentinelBackend implements Backend {
  readonly clustered = false;
  readonly #sentinel: NodeRedisSentinel;
  readonly #buffered: NodeRedisSentinelCommands;
  readonly #gate: ReadyGate;
  readonly #setup: ConnectionSetup;
  readonly #sender: NodeSender;

  constructor(sentinel: NodeRedisSentinel, setup: ConnectionSetup) {
    this.#sentinel = sentinel;
    this.#buffered = sentinel.withTypeMapping(BUFFER_REPLIES);
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
    return this.#buffered.sendCommand(false, command);
  }

  pipeline(routingKey: string, commands: Command[]): Promise<unknown[]> {
    if (!this.#sentinel.isReady) {
      return this.#gate.whenReady().then(() => this.pipeline(routingKey, commands));
    }
    const multi = this.#buffered.multi();
    for (const command of commands) multi.addCommand(false, command);
    return multi.execAsPipeline();
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
