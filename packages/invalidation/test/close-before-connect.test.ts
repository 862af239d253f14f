import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, inject, test } from 'vitest';

const fixture = fileURLToPath(new URL('./fixtures/close-before-connect.ts', import.meta.url));
const root = fileURLToPath(new URL('../../../', import.meta.url));

/** Runs the fixture; resolves to its exit code, or 'still running' after `limitMs`. */
function run(transport: string, limitMs: number): Promise<number | 'still running'> {
  const child = spawn(
    process.execPath,
    ['--conditions=@multi-tier-cache/source', '--import', 'tsx', fixture],
    {
      cwd: root,
      env: { ...process.env, REDIS_URL: inject('redisUrl'), TRANSPORT: transport },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    },
  );
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve('still running');
    }, limitMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code ?? -1);
    });
  });
}

describe('closing a cache before its bus has connected', () => {
  test.each(['ioredis', 'node-redis'])(
    'releases every %s connection: the process exits',
    async (transport) => {
      expect(await run(transport, 15_000)).toBe(0);
    },
  );
});
