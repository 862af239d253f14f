import { loadavg } from 'node:os';
import { busPeerReport } from './compare/bus-peers.js';
import { getManyReport } from './compare/get-many.js';
import { l1PeerReport } from './compare/l1-peers.js';
import { l2PeerReports } from './compare/l2-peers.js';
import { lockMissReport } from './compare/lock-miss.js';
import { detailRows, type PathReport, ratioTable } from './compare/path-report.js';
import { refreshAheadReport, staleHitReport } from './compare/serve-through-failure.js';
import { stampedeFleetReport } from './compare/stampede-fleet.js';
import { deleteByTagReport, taggedHitReport } from './compare/tags.js';
import { printRows, type Row } from './harness.js';
import { httpResults, httpRows, httpTable } from './http/http-bench.js';
import { benchL1Hit } from './l1-hit.js';
import { startBenchServers, stopBenchServers } from './servers.js';
import { benchStampede } from './stampede.js';
import { channelsRows } from './suites/channels.js';
import { clusterRows } from './suites/cluster.js';
import { exportersRows } from './suites/exporters.js';
import { invalidationRows } from './suites/invalidation.js';
import { ioredisL2Rows } from './suites/ioredis.js';
import { memcachedL2Rows } from './suites/memcached.js';
import { nodeRedisL2Rows } from './suites/node-redis.js';
import { streamsRows } from './suites/streams.js';
import { trackingRows } from './suites/tracking.js';
import { typedRows } from './suites/typed.js';

/**
 * `pnpm bench [filter...]`: starts its own redis-server and memcached on free ports, runs every
 * benchmark (or those whose name contains one of the filters) and prints one table of ratios.
 */
const filters = process.argv.slice(2);
const load = () =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');
const startLoad = load();
console.log(`load average at start: ${startLoad}`);
const reports: PathReport[] = [];
let httpHeadline: string | undefined;
const compared = async (pending: Promise<PathReport | PathReport[]>) => {
  const list = [await pending].flat();
  reports.push(...list);
  console.log(ratioTable(list));
  return list.flatMap(detailRows);
};
const suites: Record<string, (urls: { redis: string; memcached: string }) => Promise<Row[]>> = {
  'l1-peers': ({ redis }) => compared(l1PeerReport(redis)),
  'l2-peers': ({ redis }) => compared(l2PeerReports(redis)),
  'bus-peers': ({ redis }) => compared(busPeerReport(redis)),
  'serve-through-failure': ({ redis }) =>
    compared((async () => [await staleHitReport(redis), await refreshAheadReport(redis)])()),
  tags: ({ redis }) =>
    compared((async () => [await taggedHitReport(redis), await deleteByTagReport(redis)])()),
  http: async ({ redis }) => {
    const results = await httpResults(redis);
    httpHeadline = httpTable(results);
    console.log(httpHeadline);
    return httpRows(results);
  },
  l1: () => benchL1Hit(),
  'channels-overhead': ({ redis }) => channelsRows(redis),
  exporters: ({ redis }) => exportersRows(redis),
  ioredis: ({ redis }) => ioredisL2Rows(redis),
  'node-redis': ({ redis }) => nodeRedisL2Rows(redis),
  memcached: ({ memcached }) => memcachedL2Rows(memcached),
  cluster: () => clusterRows(),
  typed: () => typedRows(),
  streams: ({ redis }) => streamsRows(redis),
  invalidation: ({ redis }) => invalidationRows(redis),
  tracking: () => trackingRows(),
  stampede: ({ redis }) => benchStampede(redis),
  'get-many': ({ redis }) => compared(getManyReport(redis)),
  'lock-miss': async ({ redis }) => {
    const { report, rows } = await lockMissReport(redis);
    return [...(await compared(Promise.resolve(report))), ...rows];
  },
  'fleet-stampede': async ({ redis }) => {
    const { report, rows } = await stampedeFleetReport(redis);
    return [...(await compared(Promise.resolve(report))), ...rows];
  },
};

const servers = await startBenchServers();
const rows: Row[] = [];
try {
  for (const [name, suite] of Object.entries(suites)) {
    if (filters.length > 0 && !filters.some((filter) => name.includes(filter))) continue;
    console.log(`\n${name}:`);
    const suiteRows = await suite({ redis: servers.redis.url, memcached: servers.memcached.url });
    printRows(suiteRows);
    rows.push(...suiteRows);
  }
} finally {
  await stopBenchServers(servers);
}
console.log(`\nnode ${process.version}, ${new Date().toISOString()}\n`);
printRows(rows);
if (reports.length > 0) console.log(`\n${ratioTable(reports)}`);
if (httpHeadline !== undefined) console.log(`\n${httpHeadline}`);
console.log(`\nload average at start: ${startLoad}, at end: ${load()}`);
const missed = rows.filter((row) => row.met === false);
console.log(missed.length === 0 ? '\nall targets met' : `\n${missed.length} target(s) missed`);
// A client library's stray handle must not keep a finished run alive.
process.exit(0);
