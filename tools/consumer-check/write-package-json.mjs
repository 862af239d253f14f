// Prints the consumer project's package.json: every packed tarball as a file: dependency (and as
// an override, so the packages' own ranges on each other resolve to the tarballs too), plus the
// TypeScript and Node.js types the workspace uses.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const [root, tarballs] = process.argv.slice(2);
const workspace = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const dependencies = {};
const overrides = {};
for (const file of readdirSync(tarballs).filter((name) => name.endsWith('.tgz'))) {
  const path = join(tarballs, file);
  const { name } = JSON.parse(
    execFileSync('tar', ['-xzOf', path, 'package/package.json'], { encoding: 'utf8' }),
  );
  dependencies[name] = `file:${path}`;
  overrides[name] = `$${name}`;
}
dependencies.ioredis = '^6.0.0';
dependencies.typescript = workspace.devDependencies.typescript;
dependencies['@types/node'] = workspace.devDependencies['@types/node'];
console.log(JSON.stringify({ name: 'consumer', private: true, dependencies, overrides }, null, 2));
