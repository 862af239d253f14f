import { startRedis } from '@multi-tier-cache/test-servers';

/** What every example gets: a Redis URL and a place to register clean-up. */
export interface ExampleContext {
  /** The Redis the example talks to: `REDIS_URL`, or a throwaway redis-server. */
  readonly redisUrl: string;
  /** Runs `close` when the example ends, whether it passed or failed (last registered first). */
  defer(close: () => unknown): void;
}

/** Options of {@link runExample}. */
export interface RunExampleOptions {
  /**
   * Longest run before the example reports that something was left open and exits with 1.
   * @default 60_000
   */
  readonly watchdogMs?: number;
}

/**
 * Runs one example: prints its title, uses `REDIS_URL` or starts a redis-server on a free port,
 * runs `body`, closes everything registered with `defer`, and sets the exit code (1 when `body`
 * threw, e.g. an `assert` that did not hold). The process then exits by itself.
 *
 * @example
 * ```ts
 * await runExample('basic', async ({ redisUrl, defer }) => {
 *   const cache = createCache({ l2: [ioredisStore({ url: redisUrl })] });
 *   defer(() => cache.close());
 * });
 * ```
 */
export async function runExample(
  title: string,
  body: (context: ExampleContext) => Promise<void>,
  options: RunExampleOptions = {},
): Promise<void> {
  const watchdogMs = options.watchdogMs ?? 60_000;
  // Unreferenced: it only fires if something keeps the process alive after the example ended.
  setTimeout(() => {
    console.error(
      `\n${title}: still running after ${watchdogMs} ms (hung, or a connection was left open)`,
    );
    process.exit(1);
  }, watchdogMs).unref();

  console.log(`=== ${title} ===`);
  const closers: (() => unknown)[] = [];
  const defer = (close: () => unknown) => {
    closers.push(close);
  };
  try {
    const redisUrl = await resolveRedis(defer);
    await body({ redisUrl, defer });
    console.log(`\n${title}: OK`);
  } catch (error) {
    console.error(`\n${title}: FAILED`);
    console.error(error);
    process.exitCode = 1;
  } finally {
    for (const close of closers.reverse()) {
      try {
        await close();
      } catch (error) {
        console.error('clean-up failed:', error);
        process.exitCode = 1;
      }
    }
  }
}

async function resolveRedis(defer: ExampleContext['defer']): Promise<string> {
  const fromEnv = process.env.REDIS_URL;
  if (fromEnv !== undefined && fromEnv !== '') {
    console.log(`Redis: ${redact(fromEnv)} (from REDIS_URL)`);
    return fromEnv;
  }
  const server = await startRedis();
  defer(async () => {
    await server.stop();
    console.log(`Stopped the redis-server on port ${server.port}.`);
  });
  console.log(`Redis: REDIS_URL is not set, so started redis-server at ${server.url} for this run`);
  return server.url;
}

/** Hides a password in a Redis URL before printing it. */
export function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return url;
  }
}
