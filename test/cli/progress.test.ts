import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createProgressReporter } from '../../src/cli/progress.js';

function captureStream() {
  const stream = new PassThrough();
  const chunks: string[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
  return { stream, text: () => chunks.join('') };
}

describe('createProgressReporter', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 1_000_000 });
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('prints one line per state change', () => {
    const { stream, text } = captureStream();
    const reporter = createProgressReporter({ stream, liveLine: false, label: 'drone footage' });
    reporter.update({ state: 'queued' });
    vi.advanceTimersByTime(5_000);
    reporter.update({ state: 'queued' });
    reporter.update({ state: 'running' });
    reporter.stop();
    expect(text()).toBe('[0:00] drone footage: queued\n[0:05] drone footage: running\n');
  });

  it('redraws the live line in place', () => {
    const { stream, text } = captureStream();
    const reporter = createProgressReporter({ stream, liveLine: true, label: 'markup' });
    reporter.update({ state: 'running', nextPollAt: Date.now() + 3_000 });
    vi.advanceTimersByTime(1_000);
    reporter.stop();
    const output = text();
    expect(output).toContain('[0:00] markup: running\n');
    expect(output).toContain('\r\x1b[2Kmarkup: running | 0:01 elapsed | next poll in 2.0 s');
    expect(output.endsWith('\r\x1b[2K')).toBe(true);
  });

  it('skips redraws while paused', () => {
    const { stream, text } = captureStream();
    const reporter = createProgressReporter({ stream, liveLine: true, label: 'markup' });
    reporter.update({ state: 'awaiting_input' });
    reporter.pause();
    const before = text().length;
    vi.advanceTimersByTime(2_000);
    expect(text().length).toBe(before);
    reporter.stop();
  });
});
