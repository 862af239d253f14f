import {
  type Backend,
  type Command,
  closeOrDestroy,
  type NodeSender,
  notConnectedError,
  ReadyGate,
} from './backend.js';
import { BUFFER_REPLIES } from './buffer-replies.js';
import { keySlot } from './key-slot.js';
import type { NodeRedisCluster } from './node-redis-store-options.js';
import type { ConnectionSetup } from './standalone-backend.js';

/**
 * Redis Cluster through a node-redis cluster client. A pipeline goes to the master owning its
 * routing key (the store groups keys so that each pipeline stays on one master); a call for a
 * master whose connection is down rejects at once instead of queueing.
 */
export class ClusterBackend implements Backend {
  readonly clustered = true;
  readonly #cluster: NodeRedisCluster;
  readonly #buffered: NodeRedisCluster;
  readonly #gate: ReadyGate;
  readonly #setup: ConnectionSetup;

  constructor(cluster: NodeRedisCluster, setup: ConnectionSetup) {
    this.#cluster = cluster;
    this.#buffered = cluster.withTypeMapping(BUFFER_REPLIES) as unknown as NodeRedisCluster;
    this.#setup = setup;
    this.#gate = new ReadyGate(cluster, setup.connecting, setup.connectTimeoutMs, setup.address);
  }

  nodeOfSlot(slot: number): string {
    return this.#cluster.slots[slot]?.master.address ?? 'unknown';
  }

  send(routingKey: string, command: Command): Promise<unknown> {
    const offline = this.#offline(routingKey);
    if (offline !== undefined) return offline.then(() => this.send(routingKey, command));
    return this.#buffered.sendCommand(routingKey, false, command);
  }

  pipeline(routingKey: string, commands: Command[]): Promise<unknown[]> {
    const offline = this.#offline(routingKey);
    if (offline !== undefined) return offline.then(() => this.pipeline(routingKey, commands));
    const multi = this.#buffered.multi(routingKey);
    for (const command of commands) multi.addCommand(routingKey, false, command);
    return multi.execAsPipeline();
  }

  async masters(): Promise<NodeSender[]> {
    if (!this.#cluster.isReady) await this.#gate.whenReady();
    return Promise.all(
      this.#cluster.masters.map(async (master) => {
        const client = await this.#cluster.nodeClient(master);
        const buffered = client.withTypeMapping(BUFFER_REPLIES);
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

  /** A promise to wait on when the call cannot go out now, else `undefined`. */
  #offline(routingKey: string): Promise<void> | undefined {
    if (!this.#cluster.isReady) return this.#gate.whenReady();
    const master = this.#cluster.slots[keySlot(routingKey)]?.master;
    const client = master?.client;
    if (client?.isOpen && !client.isReady) {
      return Promise.reject(notConnectedError(master!.address));
    }
    return undefined;
  }
}
