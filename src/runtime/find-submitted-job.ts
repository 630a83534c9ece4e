import { LIST_ORDER } from '../api/assumptions.js';
import type { Job } from '../api/job.js';
import type { DomeClient } from '../client/client.js';

/** How far a listed job's `created_at` may lie from the local attempt time. @default 60 s */
export const DEFAULT_SUBMISSION_MATCH_WINDOW_MS = 60_000;

/** Search parameters of {@link findSubmittedJob}. */
export interface SubmissionLookup {
  /** `job_type` to list. */
  jobType: string;
  /** The POST body; the API echoes it in the job's `input`. */
  body: Record<string, unknown>;
  /** When the first POST was about to leave, in ms since the epoch (local clock). */
  attemptedAtMs: number;
  /**
   * How far `created_at` may lie from `attemptedAtMs`, in ms, to cover clock skew and request
   * latency. @default DEFAULT_SUBMISSION_MATCH_WINDOW_MS
   */
  windowMs?: number | undefined;
  /** Returns whether a job id already belongs to another local record. */
  isKnown(jobId: string): boolean;
}

/**
 * Finds the job that a POST without a response created, through `GET /jobs`. The API has no
 * idempotency key, so the match is the echoed input plus a creation time near the attempt.
 * Of several matches, the one created closest to the attempt wins. Returns undefined when no
 * job matches, which means the POST never reached the server.
 */
export async function findSubmittedJob(
  client: DomeClient,
  lookup: SubmissionLookup,
): Promise<Job | undefined> {
  const windowMs = lookup.windowMs ?? DEFAULT_SUBMISSION_MATCH_WINDOW_MS;
  const earliestMs = lookup.attemptedAtMs - windowMs;
  // Retries may have followed the first attempt, so any job created until now can match.
  const latestMs = Math.max(lookup.attemptedAtMs, Date.now()) + windowMs;
  const expectedInput = canonicalJson(lookup.body);

  let best: { job: Job; distanceMs: number } | undefined;
  for await (const job of client.iterateJobs({ jobType: lookup.jobType, limit: 100 })) {
    const createdAtMs = Date.parse(job.created_at);
    // NOTE: the docs do not state the list order. Stopping early relies on the assumed
    // newest-first order; with another order every page is read.
    if (LIST_ORDER === 'created_at_desc' && createdAtMs < earliestMs) break;
    if (createdAtMs < earliestMs || createdAtMs > latestMs) continue;
    if (canonicalJson(job.input ?? {}) !== expectedInput || lookup.isKnown(job.id)) continue;

    const distanceMs = Math.abs(createdAtMs - lookup.attemptedAtMs);
    if (best === undefined || distanceMs < best.distanceMs) best = { job, distanceMs };
  }
  return best?.job;
}

/** JSON with object keys sorted, so two equal bodies compare equal as strings. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, field: unknown) => {
    if (field === null || typeof field !== 'object' || Array.isArray(field)) return field;
    const entries = Object.entries(field);
    entries.sort(([a], [b]) => a.localeCompare(b));
    return Object.fromEntries(entries);
  });
}
