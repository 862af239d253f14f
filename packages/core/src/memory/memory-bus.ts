import type { Bus, BusListener } from '../bus/bus.js';
import type { InvalidationMessage } from '../bus/invalidation-message.js';

/**
 * Connects buses in one process, as Redis Pub/Sub connects instances. `simulateReconnect()` tells
 * every bus its connection came back, as after an outage.
 *
 * @example
 * ```ts
 * const hub = memoryBusHub();
 * const a = createCache({ l1: memoryL1Store(), bus: hub.connect() });
 * const b = createCache({ l1: memoryL1Store(), bus: hub.connect() });
 * ```
 */
export interface MemoryBusHub {
  connect(): Bus;
  simulateReconnect(): void;
}

/**
 * Creates a {@link MemoryBusHub}. Delivery is asynchronous (a microtask later), like a real bus.
 *
 * @example
 * ```ts
 * const hub = memoryBusHub();
 * const bus = hub.connect();
 * ```
 */
export function memoryBusHub(): MemoryBusHub {
  const members = new Set<{ listeners: Set<BusListener> }>();

  return {
    connect() {
      const member = { listeners: new Set<BusListener>() };
      members.add(member);
      let sent = 0;
      let received = 0;
      return {
        async publish(message: InvalidationMessage) {
          sent++;
          for (const other of members) {
            if (other === member) continue;
            queueMicrotask(() => {
              for (const listener of other.listeners) listener.onMessage(message);
            });
          }
        },
        subscribe(listener) {
          const counting: BusListener = {
            onMessage(message) {
              received++;
              listener.onMessage(message);
            },
            onReconnect: () => listener.onReconnect?.(),
          };
          member.listeners.add(counting);
          return () => member.listeners.delete(counting);
        },
        stats: () => ({ sent, received }),
        async close() {
          members.delete(member);
          member.listeners.clear();
        },
      };
    },
    simulateReconnect() {
      for (const member of members)
        for (const listener of member.listeners) listener.onReconnect?.();
    },
  };
}
