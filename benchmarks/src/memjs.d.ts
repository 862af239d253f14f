// The parts of memjs 1.x the benchmarks use (memjs ships no types).
declare module 'memjs' {
  interface GetResult {
    value: Buffer | null;
    flags: Buffer | null;
  }
  interface Client {
    get(key: string): Promise<GetResult>;
    set(key: string, value: string | Buffer, options: { expires?: number }): Promise<boolean>;
    close(): void;
  }
  const memjs: {
    Client: {
      create(servers: string, options?: { logger?: { log(...args: unknown[]): void } }): Client;
    };
  };
  export default memjs;
}
