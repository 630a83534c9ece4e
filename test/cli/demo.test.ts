import { describe, expect, it } from 'vitest';
import { runCli, spawnCli } from './support.js';

describe('dome-flows demo', { timeout: 90_000 }, () => {
  it('completes all three jobs', async () => {
    const run = await runCli(['demo', '--speed', '100']);

    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/simulator runs 100x faster.*poll schedule is 100x faster/);
    expect(run.stdout).toContain('shrinks from 1000 ms to 10 ms the same way.');
    expect(run.stdout).toContain('drone footage of 123 Collins St, Melbourne VIC 3000');
    expect(run.stdout).toMatch(/drone footage job \S+ completed:\n {2}video_url: http/);
    expect(run.stdout).toMatch(/image enhancement job \S+ completed:\n {2}enhanced_url: http/);
    expect(run.stdout).toContain('markup of 42 Wallaby Way, Sydney NSW 2000');
    expect(run.stdout).toMatch(/markup job \S+ completed:\n {2}document_url: http/);
    expect(run.stdout).toMatch(/ {2}video_url: http\S+video\.mp4\n/);
    expect(run.stdout).toContain('3 of 3 jobs completed');
    expect(run.stderr).toMatch(/markup: awaiting_input/);
    expect(run.stderr).toMatch(/markup: completed \(video ready\)/);
  });

  it('stops on first Ctrl-C', async () => {
    // At 1x speed the first job runs for minutes, so the signal lands while it is running.
    const child = spawnCli(['demo', '--speed', '1']);
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));

    await new Promise<void>((resolve) => {
      child.stderr?.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (/drone footage: .*waiting for the first poll|drone footage: queued/.test(stderr)) {
          resolve();
        }
      });
    });
    child.kill('SIGINT');

    expect(await exited).toBe(1);
    expect(stderr).toContain('Stopping; press Ctrl-C again to quit at once.');
    expect(stdout).toMatch(/Demo stopped by Ctrl-C after \d+:\d\d: 0 of 3 jobs completed, 2 not/);
    expect(stdout).not.toContain('2/3 image enhancement');
  });
});
