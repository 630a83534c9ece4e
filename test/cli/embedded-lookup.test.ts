import { describe, it } from 'vitest';
import { linesOf, runCli } from './support.js';

const JOB_ID = '550e8400-e29b-41d4-a716-446655440000';
const EMPTY_NOTE =
  'The embedded simulator starts empty on every run, so it has no earlier jobs: to read them, ' +
  'run `dome-flows simulator` in another shell and export the DOME_BASE_URL and DOME_API_KEY ' +
  'it prints, or set DOME_API_KEY for the real API.';

// Each case spawns a process that mostly waits on tsx startup, so the cases run side by side.
describe.concurrent('lookups on embedded simulator', { timeout: 60_000 }, () => {
  it.for([
    ['jobs', 'list'],
    ['jobs', 'get', JOB_ID],
    ['markup', '--job-id', JOB_ID],
  ])('%s %s explains empty simulator', async (args, { expect }) => {
    const run = await runCli(args);

    expect(linesOf(run.stderr)).toContain(EMPTY_NOTE);
  });

  it('job submission omits the note', async ({ expect }) => {
    const run = await runCli(['drone-footage', '--address', '1 Test St', '--speed', '200']);

    expect(run.exitCode).toBe(0);
    expect(run.stderr).not.toContain('starts empty');
  });
});
