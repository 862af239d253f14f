/** What a worker reports to the driver, every second and when it stops. */
export interface WorkerStats {
  name: string;
  kind: string;
  reads: number;
  writes: number;
  patterns: number;
  /** Writes skipped because another worker held the group's lock. */
  lockBusy: number;
  /** Reads that returned a version older than one resolved more than the bound before they started. */
  stale: number;
  /** Of those, the ones L1 answered. */
  staleFromL1: number;
  rejected: number;
  writeErrors: number;
  heapUsed: number;
  l1Hits: number;
  /** The first few violations, for the summary. */
  examples: string[];
}
