import { execFileSync } from 'node:child_process';

const DEBIAN_PACKAGE: Record<string, string> = {
  'redis-server': 'redis-server',
  'redis-cli': 'redis-tools',
  'redis-sentinel': 'redis-sentinel',
  memcached: 'memcached',
};

/** Absolute path of a server binary, or an error naming the Debian package that provides it. */
export function requireBinary(name: string): string {
  try {
    return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error(
      `${name} is not installed: run "apt-get install -y ${DEBIAN_PACKAGE[name] ?? name}" (or bash scripts/install-servers.sh)`,
    );
  }
}
