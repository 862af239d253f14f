import { keySlot } from '@multi-tier-cache/redis-common';
import {
  type Backend,
  type Command,
  closeOrDestroy,
  type NodeSender,
  notConnectedError,
  ReadyGate,
} from './backend.js';
import { BUFFER_REPLIES } from './buffer-replies.js';
import type { NodeRedisClient, NodeRedisCluster } from './node-redis-store-options.js';
import type { ConnectionSetup } from './standalone-backend.js';

/**
 * Redis Cluster through a node-redis cluster client. A pipeline goes straight to the client of
 * the master owning its routing key (the store groups keys so that each pipeline stays on one
 * master): node-redis' own cluster pipeline drops the Buffer type mapping and does not follow
 * MOVED, so on a MOVED or ASK reply the commands are re-sent one by one through the cluster
 * client, which follows the redirection and refreshes its slot map. A call for a master whose
 * connection is down rejects at once instead of queueing.
 */
export class ClusterBackend implements Backend {
  readonly clustered = true;
  readonly #cluster: NodeRedisCluster;
  readonly #gate: ReadyGate;
  readonly #setup: ConnectionSetup;
  readonly #buffered = new WeakMap<NodeRedisClient, NodeRedisClient>();
  readonly #commandOptions: {
    readonly typeMapping: typeof BUFFER_REPLIES;
    readonly timeout: number;
  };

  constructor(cluster: NodeRedisCluster, setup: ConnectionSetup) {
    this.#cluster = cluster;
    this.#setup = setup;
    this.#commandOptions = { typeMapping: BUFFER_REPLIES, timeout: setup.commandTimeout };
    this.#gate = new ReadyGate(cluster, setup.connecting, setup.connectTimeoutMs, setup.address);
  }

  whenReady(): Promise<void> | undefined {
    return this.#cluster.isReady ? undefined : this.#gate.whenReady();
  }

  nodeOfSlot(slot: number): string {
    return this.#cluster.slots[slot]?.master.address ?? 'unknown';
  }

  send(routingKey: string, command: Command): Promise<unknown> {
    const waiting = this.whenReady();
    if (waiting !== undefined) return waiting.then(() => this.send(routingKey, command));
    return this.#cluster.sendCommand(routingKey, false, command, this.#commandOptions);
  }

  pipeline(routingKey: string, commands: Command[]): Promise<unknown[]> {
    const waiting = this.whenReady();
    if (waiting !== undefined) return waiting.then(() => this.pipeline(routingKey, commands));
    const master = this.#cluster.slots[keySlot(routingKey)]?.master;
    const client = master?.client;
    if (master === undefined || client === undefined) return this.#oneByOne(commands);
    if (!client.isReady) return Promise.reject(notConnectedError(master.address));
    const multi = this.#bufferedClient(client).multi();
    for (const command of commands) multi.addCommand(command);
    return multi
      .execAsPipeline()
      .catch((error: unknown) =>
        isRedirection(error) ? this.#oneByOne(commands) : Promise.reject(error),
      );
  }

  async masters(): Promise<NodeSender[]> {
    await this.whenReady();
    return Promise.all(
      this.#cluster.masters.map(async (master) => {
        const client = await this.#cluster.nodeClient(master);
        const buffered = this.#bufferedClient(client);
        return {
          address: master.address,
          send: (command: Command) =>
            client.isReady
              ? buffered.sendCommand(command)
              : Promise.reject(notConnectedError(master.address)),
        };
      }),
    );
  }

  async close(): Promise<void> {
    this.#setup.stop();
    if (this.#setup.owned) await closeOrDestroy(this.#cluster);
    this.#setup.detach();
  }

  #bufferedClient(client: NodeRedisClient): NodeRedisClient {
    let buffered = this.#buffered.get(client);
    if (buffered === undefined) {
      buffered = client.withTypeMapping(BUFFER_REPLIES) as unknown as NodeRedisClient;
      this.#buffered.set(client, buffered);
    }
    return buffered;
  }

  /** Each command through the cluster client, routed by its key (`command[1]`). */
  #oneByOne(commands: Command[]): Promise<unknown[]> {
    return Promise.all(
      commands.map((command) =>
        this.#cluster.sendCommand(command[1], false, command, this.#commandOptions),
      ),
    );
  }
}

/** A MOVED or ASK reply: the slot lives elsewhere now. */
function isRedirection(error: unknown): boolean {
  const message = error instanceof Error ? error.message : '';
  return message.startsWith('MOVED ') || message.startsWith('ASK ');
}
