/**
 * Runs every example as a child process against one Redis (REDIS_URL, or a redis-server started
 * here), prints one line per example, and exits with 1 if any failed. This is `pnpm examples`,
 * which CI runs. A failed example's output is printed in full; `--verbose` prints every output.
 *
 * Run: pnpm examples   (or: pnpm --filter @multi-tier-cache/examples run all)
 */
import { startRedis } from '@multi-tier-cache/test-servers';
import { redact } from './shared/run-example.js';
import { spawnTs } from './shared/spawn-example.js';

/** Folder names, in the order a newcomer would read them. */
export const EXAMPLES = [
  'basic',
  'stampede-protection',
  'redis-streams',
  'cache-strategies',
  'advanced-patterns',
  'health-monitoring',
  'custom-backends',
  'cross-instance-invalidation',
  'redis-tracking',
  'otel-console',
  'serve-through-failure',
  'product-catalogue',
] as const;

/** An example running longer than this is killed and counted as failed. */
const TIMEOUT_MS = 120_000;

interface Result {
  readonly name: string;
  readonly ok: boolean;
  readonly ms: number;
  readonly detail: string;
  readonly output: string;
}

function runOne(name: string, redisUrl: string): Promise<Result> {
  const started = performance.now();
  const child = spawnTs(`${name}/main.ts`, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, REDIS_URL: redisUrl },
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, TIMEOUT_MS);
  return new Promise((resolve) => {
    const finish = (ok: boolean, detail: string) => {
      clearTimeout(timer);
      resolve({ name, ok, ms: performance.now() - started, detail, output });
    };
    child.once('error', (error) => finish(false, `could not start: ${error.message}`));
    child.once('close', (code, signal) => {
      if (timedOut) finish(false, `killed after ${TIMEOUT_MS / 1000} s`);
      else if (code === 0) finish(true, 'exit 0');
      else finish(false, signal === null ? `exit ${code}` : `killed by ${signal}`);
    });
  });
}

const verbose = process.argv.includes('--verbose');
let redisUrl = process.env.REDIS_URL;
let stopRedis: (() => Promise<void>) | undefined;
if (redisUrl === undefined || redisUrl === '') {
  const server = await startRedis();
  redisUrl = server.url;
  stopRedis = () => server.stop();
  console.log(`REDIS_URL is not set: started redis-server at ${redisUrl} for all examples\n`);
} else {
  console.log(`Using REDIS_URL=${redact(redisUrl)} for all examples\n`);
}

const results: Result[] = [];
try {
  for (const name of EXAMPLES) {
    const result = await runOne(name, redisUrl);
    results.push(result);
    const seconds = (result.ms / 1000).toFixed(1).padStart(5);
    console.log(
      `${result.ok ? 'PASS' : 'FAIL'}  ${name.padEnd(30)} ${seconds} s  ${result.detail}`,
    );
    if (verbose || !result.ok) {
      console.log(result.output.replace(/^/gm, '      | '));
    }
  }
} finally {
  await stopRedis?.();
}

const failed = results.filter((result) => !result.ok);
console.log(
  `\n${results.length - failed.length} of ${EXAMPLES.length} examples passed${failed.length > 0 ? `; failed: ${failed.map((result) => result.name).join(', ')}` : ''}`,
);
process.exitCode = failed.length > 0 ? 1 : 0;
