import {
  type Backend,
  type Command,
  closeOrDestroy,
  type NodeSender,
  ReadyGate,
} from './backend.js';
import { BUFFER_REPLIES } from './buffer-replies.js';
import type { NodeRedisClient } from './node-redis-store-options.js';

/** Where a client is and whether the store owns it. */
export interface ConnectionSetup {
  /** Closed by the store's `close()` (it created it). */
  readonly owned: boolean;
  /** The store's own connect attempt, when it had to connect. */
  readonly connecting: Promise<unknown> | undefined;
  readonly connectTimeoutMs: number;
  /** Per-command timeout node-redis arms for the store's commands (0: none). */
  readonly commandTimeout: number;
  readonly address: string;
  readonly detach: () => void;
  readonly stop: () => void;
}

/**
 * A single Redis server through one node-redis client. Commands of one pipeline leave in one
 * write; the gate rejects at once while the client is reconnecting.
 */
export class StandaloneBackend implements Backend {
  readonly clustered = false;
  readonly #client: NodeRedisClient;
  readonly #buffered: NodeRedisClient;
  readonly #gate: ReadyGate;
  readonly #setup: ConnectionSetup;
  readonly #sender: NodeSender;
  readonly #commandOptions: { readonly timeout: number };

  constructor(client: NodeRedisClient, setup: ConnectionSetup) {
    this.#client = client;
    this.#commandOptions = { timeout: setup.commandTimeout };
    this.#buffered = client.withTypeMapping(BUFFER_REPLIES);
    this.#setup = setup;
    this.#gate = new ReadyGate(client, setup.connecting, setup.connectTimeoutMs, setup.address);
    this.#sender = {
      address: setup.address,
      send: (command) => this.send('', command),
    };
  }

  whenReady(): undefined {
    return undefined;
  }

  nodeOfSlot(): string {
    return this.#setup.address;
  }

  send(routingKey: string, command: Command): Promise<unknown> {
    if (!this.#client.isReady) {
      return this.#gate.whenReady().then(() => this.send(routingKey, command));
    }
    return this.#buffered.sendCommand(command, this.#commandOptions);
  }

  pipeline(routingKey: string, commands: Command[]): Promise<unknown[]> {
    if (!this.#client.isReady) {
      return this.#gate.whenReady().then(() => this.pipeline(routingKey, commands));
    }
    const multi = this.#buffered.multi();
    for (const command of commands) multi.addCommand(command);
    return multi.execAsPipeline();
  }

  masters(): Promise<NodeSender[]> {
    return Promise.resolve([this.#sender]);
  }

  async close(): Promise<void> {
    this.#setup.stop();
    if (this.#setup.owned) await closeOrDestroy(this.#client);
    this.#setup.detach();
  }
}
