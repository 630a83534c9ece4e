import type { z } from 'zod';
import { JobSchema } from '../../src/api/job.js';
import { DomeError } from '../../src/errors/dome-error.js';

/**
 * Returns the `JobSchema` issues of a `job.updated` job, or null when it is valid or its string
 * `id` names another job, which the machine ignores anyway. The app sends this event without
 * the client's response check. A job without a string `id` was sent to this machine, so it
 * counts as this job's.
 */
export function jobUpdateIssues(
  jobId: string | null,
  job: unknown,
): readonly z.core.$ZodIssue[] | null {
  const parsed = JobSchema.safeParse(job);
  if (parsed.success) return null;
  const id = (job as { id?: unknown } | null | undefined)?.id;
  if (typeof id === 'string' && id !== jobId) return null;
  return parsed.error.issues;
}

/** Builds the error that ends a machine on an invalid `job.updated` job, naming each field. */
export function invalidJobUpdateError(
  jobId: string | null,
  issues: readonly z.core.$ZodIssue[],
): DomeError {
  const detail = issues
    .map((issue) => `${['job', ...issue.path.map(String)].join('.')}: ${issue.message}`)
    .join('; ');
  return new DomeError(
    `A job.updated event for job ${jobId ?? '(not submitted)'} contains an invalid job: ` +
      `${detail}. Send the job as the API returns it.`,
    { jobId: jobId ?? undefined },
  );
}
