import { MARKUP_STEP_FIELD, VIDEO_STATUS_FIELD } from '../api/assumptions.js';
import type { Job } from '../api/job.js';

/** Formats a duration as `m:ss`, or `h:mm:ss` from one hour. Negative durations show as 0:00. */
export function formatDuration(durationMs: number): string {
  const totalSeconds = Math.max(0, Math.floor(durationMs / 1000));
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = String(totalSeconds % 60).padStart(2, '0');
  if (hours > 0) return `${hours}:${String(minutes).padStart(2, '0')}:${seconds}`;
  return `${minutes}:${seconds}`;
}

/**
 * Describes the state of a job: its status, followed by the markup step or the video status
 * in brackets when the output carries one, as in `running (annotation_ready)`.
 */
export function describeJobState(job: Job): string {
  const details: string[] = [];
  const step = job.output?.[MARKUP_STEP_FIELD];
  if (typeof step === 'string') details.push(step);
  const videoStatus = job.output?.[VIDEO_STATUS_FIELD];
  if (typeof videoStatus === 'string') details.push(`video ${videoStatus}`);
  return details.length > 0 ? `${job.status} (${details.join(', ')})` : job.status;
}

/**
 * Formats a job's `output` as indented `name: value` lines, one per field, with arrays of
 * objects (such as the orientation variants) as one line per entry. Returns no lines for an
 * empty output.
 */
export function formatOutputLines(job: Job, indent = '  '): string[] {
  const lines: string[] = [];
  for (const [name, value] of Object.entries(job.output ?? {})) {
    if (Array.isArray(value)) {
      lines.push(`${indent}${name}:`);
      for (const entry of value) lines.push(`${indent}  - ${formatInline(entry)}`);
    } else {
      lines.push(`${indent}${name}: ${formatInline(value)}`);
    }
  }
  return lines;
}

function formatInline(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value !== 'object' || value === null) return String(value);
  return Object.entries(value)
    .map(([name, inner]) => `${name}=${typeof inner === 'string' ? inner : JSON.stringify(inner)}`)
    .join(' ');
}

/** Formats a one-job summary: id, type, status, input, timestamps and output. */
export function formatJobDetails(job: Job): string[] {
  return [
    `id:           ${job.id}`,
    `type:         ${job.job_type}`,
    `status:       ${describeJobState(job)}`,
    `input:        ${describeInput(job)}`,
    `created_at:   ${job.created_at}`,
    `updated_at:   ${job.updated_at}`,
    `completed_at: ${job.completed_at ?? '-'}`,
    'output:',
    ...formatOutputLines(job),
  ];
}

/** Formats jobs as an aligned text table with a header row. */
export function formatJobsTable(jobs: readonly Job[]): string[] {
  const header = ['ID', 'TYPE', 'STATUS', 'CREATED', 'INPUT'];
  const rows = jobs.map((job) => [
    job.id,
    job.job_type,
    describeJobState(job),
    job.created_at,
    describeInput(job),
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  return [header, ...rows].map((row) =>
    row
      .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
      .join('  '),
  );
}

/** Describes a job's input in one short phrase: the address or image URL it was given. */
export function describeInput(job: Job): string {
  const input = job.input ?? {};
  for (const field of ['address', 'image_url']) {
    const value = input[field];
    if (typeof value === 'string') return value;
  }
  return Object.keys(input).length === 0 ? '-' : JSON.stringify(input);
}
