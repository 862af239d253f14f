import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Row } from '../harness.js';
import { type Contender, interleave } from '../interleave.js';
import type { PathReport } from './path-report.js';

const PROCESSES = 8;
const CALLERS = 125;
const FACTORY_MS = 20;
const ROUNDS = 7;
const CONTENDERS = ['ours, locks', 'ours, locks + bus', 'bentocache', 'cache-manager'];
const memberScript = fileURLToPath(new URL('./stampede-member.ts', import.meta.url));

interface Member {
  readonly child: ChildProcess;
  run(contender: string, key: string): Promise<{ computations: number; rejected: number }>;
}

function startMember(url: string): Promise<Member> {
  const child = spawn(
    process.execPath,
    ['--conditions=@multi-tier-cache/source', '--import', 'tsx', memberScript],
    { env: { ...process.env, REDIS_URL: url }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
  );
  let onDone: (result: { computations: number; rejected: number }) => void = () => {};
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`stampede member exited with ${code}`)));
    child.on('message', (message: { ready?: boolean; done?: boolean } & Record<string, number>) => {
      if (message.ready) resolve(member);
      if (message.done) onDone(message as unknown as { computations: number; rejected: number });
    });
    const member: Member = {
      child,
      run: (contender, key) =>
        new Promise((done) => {
          onDone = done;
          child.send({ contender, key, callers: CALLERS, factoryMs: FACTORY_MS });
        }),
    };
  });
}

/**
 * 8 processes × 125 concurrent `getOrCompute` calls on one cold key with a 20 ms computation,
 * every process on the same redis-server: the wall time from the parent's signal to the last
 * caller settling everywhere, and the computations run, for ours (locks on, with and without
 * the bus) and the peers (bentocache with its bus, cache-manager), in interleaved rounds.
 */
export async function stampedeFleetReport(
  url: string,
): Promise<{ report: PathReport; rows: Row[] }> {
  const members = await Promise.all(Array.from({ length: PROCESSES }, () => startMember(url)));
  const computations = new Map<string, number[]>(CONTENDERS.map((name) => [name, []]));
  let serial = 0;
  try {
    const contenders: Contender[] = CONTENDERS.map((name) => ({
      name,
      sample: async () => {
        const key = `fleet:${serial++}`;
        const started = process.hrtime.bigint();
        const results = await Promise.all(members.map((member) => member.run(name, key)));
        const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
        if (results.some((result) => result.rejected > 0))
          throw new Error(`${name}: a caller rejected`);
        computations.get(name)!.push(results.reduce((sum, result) => sum + result.computations, 0));
        return wallMs;
      },
    }));
    const samples = await interleave(contenders, ROUNDS);
    const factory = {
      name: `the ${FACTORY_MS} ms computation`,
      rounds: samples[0]!.rounds.map(() => FACTORY_MS),
      median: FACTORY_MS,
      min: FACTORY_MS,
      max: FACTORY_MS,
    };
    const rows: Row[] = CONTENDERS.map((name, index) => {
      // The warm-up round's computations are counted too: every round is a cold key.
      const counts = computations.get(name)!;
      const worst = Math.max(...counts);
      const mine = index < 2;
      return {
        group: `stampede, ${PROCESSES} processes × ${CALLERS} callers`,
        name: `${name}: computations per cold key (most in a round)`,
        value: String(worst),
        baseline: '1',
        ratio: worst,
        ...(mine ? { target: '= 1', met: worst === 1 } : {}),
      };
    });
    for (const [index, name] of CONTENDERS.slice(0, 2).entries()) {
      const wall = samples[index]!.median;
      rows.push({
        group: `stampede, ${PROCESSES} processes × ${CALLERS} callers`,
        name: `${name}: wall (median of ${ROUNDS}) vs the ${FACTORY_MS} ms computation`,
        value: `${wall.toFixed(2)} ms`,
        baseline: `${FACTORY_MS} ms`,
        ratio: wall / FACTORY_MS,
        target: `≤ ${FACTORY_MS + 30} ms`,
        met: wall <= FACTORY_MS + 30,
      });
    }
    const report: PathReport = {
      path: `stampede wall, ${PROCESSES} processes × ${CALLERS} callers`,
      higherIsBetter: false,
      format: (ms) => `${ms.toFixed(2)} ms`,
      baseline: factory,
      otherRaws: [],
      ours: samples.slice(0, 2),
      peers: samples.slice(2),
    };
    return { report, rows };
  } finally {
    for (const member of members) member.child.kill();
  }
}
