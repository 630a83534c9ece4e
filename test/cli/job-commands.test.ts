import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JobSchema } from '../../src/api/job.js';
import { MarkupCompletedOutputSchema } from '../../src/api/outputs.js';
import { linesOf, REPO_ROOT, runCli, STACK_FRAME } from './support.js';

// High speed keeps each simulated job under a second of real time.
const FAST = ['--speed', '200'];

describe('dome-flows job commands on the embedded simulator', { timeout: 60_000 }, () => {
  it('prints a completed job with --json', async () => {
    const run = await runCli(['drone-footage', '--address', '123 Collins St', '--json', ...FAST]);

    expect(run.exitCode).toBe(0);
    const job = JobSchema.parse(JSON.parse(run.stdout));
    expect(job.status).toBe('completed');
    expect(job.job_type).toBe('drone_footage');
    expect(job.input?.address).toBe('123 Collins St');
    expect(job.output?.video_url).toEqual(expect.any(String));
    expect(linesOf(run.stderr)[0]).toMatch(/embedded simulator at 200x speed/);
  });

  it('prints status changes on stderr', async () => {
    const run = await runCli(['image-enhancement', '--image-url', 'https://x.test/a.jpg', ...FAST]);

    expect(run.exitCode).toBe(0);
    expect(run.stderr).toMatch(/image enhancement: submitting/);
    expect(run.stderr).toMatch(/image enhancement: completed/);
    expect(run.stdout).toMatch(/image enhancement job \S+ completed:/);
    expect(run.stdout).toMatch(/enhanced_url: http/);
  });

  it('exits 1 for a failed job', async () => {
    const run = await runCli([
      'image-enhancement',
      '--image-url',
      'https://x.test/a.jpg#fail',
      ...FAST,
    ]);

    expect(run.exitCode).toBe(1);
    const lastLine = linesOf(run.stderr).at(-1) ?? '';
    expect(lastLine).toMatch(/^dome-flows: error: Job \S+ failed on the server: GENERATION_FAILED/);
    expect(run.stderr).not.toMatch(STACK_FRAME);
    expect(run.stdout).toBe('');
  });

  it('completes markup with all flags', async () => {
    const run = await runCli([
      'markup',
      '--address',
      '42 Wallaby Way, Sydney NSW 2000',
      '--orientation',
      'left',
      '--annotated-image',
      join(REPO_ROOT, 'assets/samples/annotated.png'),
      '--clean-image',
      join(REPO_ROOT, 'assets/samples/clean.png'),
      '--video',
      '--json',
      ...FAST,
    ]);

    expect(run.exitCode).toBe(0);
    const job = JobSchema.parse(JSON.parse(run.stdout));
    expect(job.status).toBe('completed');
    const output = MarkupCompletedOutputSchema.parse(job.output);
    expect(output.orientation).toBe('left');
    expect(output.video_status).toBe('ready');
    expect(output.video_url).toMatch(/^http/);
    expect(run.stderr).toMatch(/Selecting orientation left \(offered: [a-z, ]*left/);
  });

  it('requires orientation before submitting', async () => {
    const run = await runCli([
      'markup',
      '--address',
      '42 Wallaby Way, Sydney NSW 2000',
      '--annotated-image',
      join(REPO_ROOT, 'assets/samples/annotated.png'),
      '--clean-image',
      join(REPO_ROOT, 'assets/samples/clean.png'),
      ...FAST,
    ]);

    expect(run.exitCode).toBe(2);
    expect(run.stderr).not.toMatch(/submitting/);
    const lines = linesOf(run.stderr);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^dome-flows: error: Missing --orientation: without a terminal/);
    expect(run.stderr).not.toMatch(STACK_FRAME);
  });
});
