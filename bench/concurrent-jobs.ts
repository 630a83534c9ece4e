/**
 * Measures how many drone footage jobs one process can poll at once: wall time, requests per
 * second, CPU time and heap per running job. The simulator and the poll schedule are both sped
 * up by the same factor, so every job makes the same requests as it would against the real
 * API, only sooner.
 *
 * Run: node --expose-gc --import tsx bench/concurrent-jobs.ts [--jobs N] [--speed X] [--http]
 */
import { parseArgs } from 'node:util';
import { DEFAULT_POLL_SCHEDULE } from '../machines/shared/poll-schedule.js';
import { createDomeClient } from '../src/client/client.js';
import { runDroneFootage } from '../src/runtime/run-job.js';
import { createSimulator } from '../src/simulator/index.js';

const { values } = parseArgs({
  options: {
    jobs: { type: 'string', default: '500' },
    speed: { type: 'string', default: '100' },
    http: { type: 'boolean', default: false },
  },
});
const jobCount = Number(values.jobs);
const speed = Number(values.speed);
if (!Number.isInteger(jobCount) || jobCount < 1 || !(speed > 0)) {
  throw new Error(
    `Invalid --jobs ${values.jobs} or --speed ${values.speed}: expected N >= 1, X > 0.`,
  );
}

const collectGarbage = (globalThis as { gc?: () => void }).gc;
if (!collectGarbage) throw new Error('Run node with --expose-gc so heap figures are comparable.');

const simulator = createSimulator({
  speed,
  requestsPerMinute: Number.MAX_SAFE_INTEGER,
  requestsPerDay: Number.MAX_SAFE_INTEGER,
});
const server = values.http ? await simulator.listen({ port: 0 }) : undefined;
const client = createDomeClient({
  apiKey: 'dome_live_bench0001',
  baseUrl: server?.baseUrl ?? simulator.inProcessBaseUrl,
  ...(server ? {} : { fetch: simulator.fetch }),
});
const pollSchedule = {
  fastIntervalMs: DEFAULT_POLL_SCHEDULE.fastIntervalMs / speed,
  fastPhaseMs: DEFAULT_POLL_SCHEDULE.fastPhaseMs / speed,
  slowIntervalMs: DEFAULT_POLL_SCHEDULE.slowIntervalMs / speed,
};

collectGarbage();
const heapBeforeBytes = process.memoryUsage().heapUsed;
const cpuBefore = process.cpuUsage();
const startedAtMs = performance.now();

const results = Array.from({ length: jobCount }, (_, index) =>
  runDroneFootage(client, { address: `${index + 1} Collins St, Melbourne VIC 3000`, pollSchedule }),
);

// Sample the heap while every job is between polls, before the first one can complete.
await new Promise((resolve) => setTimeout(resolve, pollSchedule.fastIntervalMs / 2));
collectGarbage();
const heapRunningBytes = process.memoryUsage().heapUsed;

const outcomes = await Promise.allSettled(results);
const elapsedMs = performance.now() - startedAtMs;
const cpu = process.cpuUsage(cpuBefore);
await server?.close();

const failed = outcomes.filter((outcome) => outcome.status === 'rejected').length;
const requestCount = simulator.requests.length;
const report = {
  transport: server ? 'http 127.0.0.1' : 'in-process',
  jobs: jobCount,
  failed,
  speed,
  requests: requestCount,
  wallMs: Math.round(elapsedMs),
  requestsPerSecond: Math.round(requestCount / (elapsedMs / 1000)),
  cpuMs: Math.round((cpu.user + cpu.system) / 1000),
  cpuMicrosecondsPerRequest: Math.round((cpu.user + cpu.system) / requestCount),
  heapPerRunningJobKiB: Math.round((heapRunningBytes - heapBeforeBytes) / jobCount / 1024),
};
process.stdout.write(`${JSON.stringify(report)}\n`);
if (failed > 0) process.exitCode = 1;
