import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { createSimulator, type RunningSimulator } from '../../src/simulator/index.js';
import { KEY_A } from './support.js';

const run = promisify(execFile);

function hasCommand(name: string): boolean {
  try {
    execFileSync('bash', ['-c', `command -v ${name}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const missingTools = ['bash', 'curl', 'jq'].filter((name) => !hasCommand(name));
if (missingTools.length > 0) {
  console.warn(`Skipping the curl and jq polling test: ${missingTools.join(', ')} not installed.`);
}

// The documented shell loop with only the host swapped; the loop is bounded so a broken
// simulator fails the test instead of hanging it.
const POLLING_SCRIPT = `
set -euo pipefail
JOB=$(curl -s -X POST "$BASE/v1/drone-footage/generate" -H "X-API-Key: $KEY" \\
  -H 'Content-Type: application/json' \\
  -d '{"address":"123 Collins St, Melbourne VIC 3000"}' | jq -r '.data.job_id')
echo "job $JOB"
for attempt in $(seq 1 200); do
  STATUS=$(curl -s "$BASE/v1/jobs/$JOB" -H "X-API-Key: $KEY" | jq -r '.data.status')
  echo "status $STATUS"
  if [ "$STATUS" = "completed" ] || [ "$STATUS" = "failed" ]; then break; fi
  sleep 0.05
done
`;

const running: RunningSimulator[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.close()));
});

describe.skipIf(missingTools.length > 0)('documented curl and jq loop', () => {
  it('polls a drone job to completed', async () => {
    // Speed 200 runs the 45 s drone timeline in 225 ms, a few turns of the loop.
    const sim = createSimulator({ speed: 200 });
    const server = await sim.listen();
    running.push(server);

    const { stdout } = await run('bash', ['-c', POLLING_SCRIPT], {
      env: { ...process.env, BASE: server.origin, KEY: KEY_A },
    });
    const lines = stdout.trim().split('\n');
    const jobId = lines[0]?.replace('job ', '');
    const statuses = lines.slice(1).map((line) => line.replace('status ', ''));

    expect(sim.listAllJobs().map((job) => job.id)).toEqual([jobId]);
    expect(statuses.at(-1)).toBe('completed');
    expect(new Set(statuses).has('null')).toBe(false);
    expect(stdout).not.toContain(KEY_A);
  });
});
