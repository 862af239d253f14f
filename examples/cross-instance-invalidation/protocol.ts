/** Messages the parent sends the worker over IPC; each carries an id the reply repeats. */
export type ParentMessage =
  | { readonly id: number; readonly type: 'warm'; readonly keys: readonly string[] }
  | { readonly id: number; readonly type: 'snapshot'; readonly keys: readonly string[] }
  | {
      readonly id: number;
      readonly type: 'broadcast';
      readonly key: string;
      readonly value: unknown;
    }
  | { readonly id: number; readonly type: 'exit' };

/** What the worker's L1 holds for the keys asked about: only present keys appear. */
export type L1Snapshot = Record<string, unknown>;

/** Messages the worker sends the parent. */
export type WorkerMessage =
  | { readonly type: 'ready'; readonly instanceId: string }
  | {
      readonly id: number;
      readonly type: 'reply';
      readonly l1: L1Snapshot;
      readonly received: Readonly<Record<string, number>>;
    }
  | { readonly id: number; readonly type: 'error'; readonly message: string };

/** Key prefix in Redis shared by both processes. */
export const PREFIX = 'examples:cross:';
