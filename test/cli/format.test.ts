import { describe, expect, it } from 'vitest';
import type { Job } from '../../src/api/job.js';
import {
  describeJobState,
  formatDuration,
  formatJobsTable,
  formatOutputLines,
} from '../../src/cli/format.js';

function job(fields: Partial<Job>): Job {
  return {
    id: '550e8400-e29b-41d4-a716-446655440000',
    job_type: 'markup',
    status: 'running',
    input: { address: '42 Wallaby Way, Sydney NSW 2000' },
    output: {},
    created_at: '2026-02-09T10:00:00.000Z',
    updated_at: '2026-02-09T10:00:05.000Z',
    completed_at: null,
    ...fields,
  };
}

describe('formatDuration', () => {
  it.each([
    [0, '0:00'],
    [999, '0:00'],
    [61_000, '1:01'],
    [3_725_000, '1:02:05'],
    [-5_000, '0:00'],
  ])('formats %i ms as %s', (durationMs, text) => {
    expect(formatDuration(durationMs)).toBe(text);
  });
});

describe('describeJobState', () => {
  it('shows a bare status', () => {
    expect(describeJobState(job({ status: 'queued' }))).toBe('queued');
  });

  it('adds the markup step', () => {
    expect(describeJobState(job({ output: { step: 'annotation_ready' } }))).toBe(
      'running (annotation_ready)',
    );
  });

  it('adds the video status', () => {
    const completed = job({ status: 'completed', output: { video_status: 'rendering' } });
    expect(describeJobState(completed)).toBe('completed (video rendering)');
  });
});

describe('formatOutputLines', () => {
  it('lists fields and array entries', () => {
    const lines = formatOutputLines(
      job({
        output: {
          duration: 12.5,
          orientation_variants: [{ key: 'left', preview_url: 'https://x.test/left.jpg' }],
        },
      }),
    );
    expect(lines).toEqual([
      '  duration: 12.5',
      '  orientation_variants:',
      '    - key=left preview_url=https://x.test/left.jpg',
    ]);
  });

  it('prints nothing for null output', () => {
    expect(formatOutputLines(job({ output: null }))).toEqual([]);
  });
});

describe('formatJobsTable', () => {
  it('aligns columns under the header', () => {
    const lines = formatJobsTable([job({}), job({ id: 'short', job_type: 'drone_footage' })]);
    expect(lines).toHaveLength(3);
    const statusColumn = lines[0]?.indexOf('STATUS');
    expect(lines[1]?.indexOf('running')).toBe(statusColumn);
    expect(lines[2]?.indexOf('running')).toBe(statusColumn);
  });
});
