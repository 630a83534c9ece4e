import { LIST_MAX_LIMIT, LIST_ORDER } from '../../src/api/assumptions.js';
import type { Job } from '../../src/api/job.js';
import type { DomeClient } from '../../src/client/client.js';
import { DomeApiError } from '../../src/errors/api-error.js';
import { DomeConnectionError, DomeTimeoutError } from '../../src/errors/connection-error.js';
import { DomeError } from '../../src/errors/dome-error.js';
import { pacedRequest } from './paced-request.js';
import { MIN_REQUEST_GAP_MS, waitUntil } from './request-pacing.js';

/**
 * Record of the submission attempts, written before each POST leaves, so a submission whose
 * response was lost can be found again in `GET /jobs`, even after a restore.
 */
export interface SubmissionRecord {
  /** `job_type` the submission creates, such as `drone_footage`. */
  jobType: string;
  /** The request body, which the API echoes as `job.input`; null when it failed the checks. */
  input: Record<string, unknown> | null;
  /** When the first POST left, in epoch milliseconds. */
  firstAttemptAt: number;
  /** When the latest POST left, in epoch milliseconds. */
  lastAttemptAt: number;
  /** POST requests sent so far. */
  attempts: number;
  /** When the next POST or job list request is due, in epoch milliseconds. */
  nextAttemptAt: number | null;
  /** Error of the latest POST, kept as the cause of a later JobSubmissionError. */
  lastError: DomeError | null;
}

/**
 * Default of the `submitClockSkewMs` option: how much earlier than the first attempt, by the
 * client's clock, a job may be stamped by the server's clock and still count as created by this
 * submission, in milliseconds. It is kept small so that an identical job submitted a few
 * seconds earlier by another caller is not adopted.
 */
export const DEFAULT_SUBMIT_CLOCK_SKEW_MS = 1_000;

/** Job list pages read at most while looking for a lost submission. */
export const MAX_RECONCILE_PAGES = 10;

/** Query of {@link findSubmittedJob}. */
export interface SubmittedJobQuery {
  jobType: string;
  input: Record<string, unknown> | null;
  /**
   * Only jobs created at or after this time count, in epoch milliseconds: the first attempt
   * less the clock-skew allowance.
   */
  createdAfterMs: number;
  /** Gap between two list pages, in milliseconds. @default MIN_REQUEST_GAP_MS */
  pageGapMs?: number | undefined;
}

/**
 * Returns whether a job id already belongs to another local record, such as another job of the
 * same runner or store. Such a job is never adopted.
 */
export type IsJobOwnedElsewhere = (jobId: string) => boolean;

/**
 * Returns whether a failed POST may still have created the job: the request may have reached
 * the server but its response was lost (reset, timeout), or the server failed while handling it
 * (5xx). A refused connection or an unresolved host is not one of them, because no request
 * left, and neither is a 429, because the rate limit rejects a request before it is handled.
 */
export function isSubmitOutcomeUnknown(error: unknown): boolean {
  if (error instanceof DomeConnectionError) return error.requestSent !== false;
  if (error instanceof DomeTimeoutError) return true;
  return error instanceof DomeApiError && error.status >= 500;
}

/**
 * Looks through `GET /jobs?job_type=...` for the job a lost submission created: same type,
 * same input, created at or after `createdAfterMs`, and not owned elsewhere. Returns the oldest
 * match, or null when the list proves that no such job exists. Pages are read `pageGapMs`
 * apart. The machines and the job runner's resume both use it, so they follow one set of rules.
 */
export async function findSubmittedJob(
  client: DomeClient,
  query: SubmittedJobQuery,
  signal: AbortSignal,
  isOwnedElsewhere: IsJobOwnedElsewhere = () => false,
): Promise<Job | null> {
  const pageGapMs = query.pageGapMs ?? MIN_REQUEST_GAP_MS;
  const matches: Job[] = [];
  let offset = 0;
  for (let page = 0; page < MAX_RECONCILE_PAGES; page += 1) {
    if (page > 0) await waitUntil(Date.now() + pageGapMs, signal);
    const result = await client.listJobs(
      { jobType: query.jobType, limit: LIST_MAX_LIMIT, offset },
      { signal },
    );
    const found = result.jobs.filter(
      (job) => isSubmittedJob(job, query) && !isOwnedElsewhere(job.id),
    );
    matches.push(...found);

    // NOTE: stopping at the first older job relies on the list being newest first
    // (LIST_ORDER), which the API docs do not state.
    const reachedOlderJobs =
      LIST_ORDER === 'created_at_desc' &&
      result.jobs.some((job) => Date.parse(job.created_at) < query.createdAfterMs);
    if (reachedOlderJobs || !result.hasMore || result.jobs.length === 0) {
      return oldestOf(matches);
    }
    offset += result.jobs.length;
  }
  throw new DomeError(
    `Could not tell whether the ${query.jobType} submission created a job: more than ` +
      `${MAX_RECONCILE_PAGES} pages of GET /jobs are newer than the first attempt.`,
  );
}

/**
 * Returns the `findSubmittedJob` actor of a machine bound to `client`. The job runner passes
 * `isOwnedElsewhere` so that a job of another record in its store is never adopted.
 */
export function findSubmittedJobActor(client: DomeClient, isOwnedElsewhere?: IsJobOwnedElsewhere) {
  return pacedRequest((query: SubmittedJobQuery & { notBefore: number }, signal) =>
    findSubmittedJob(client, query, signal, isOwnedElsewhere),
  );
}

/** Returns whether a listed job matches the type, input and creation time of the query. */
export function isSubmittedJob(job: Job, query: SubmittedJobQuery): boolean {
  if (job.job_type !== query.jobType || query.input === null) return false;
  if (Date.parse(job.created_at) < query.createdAfterMs) return false;
  return canonicalJson(job.input ?? {}) === canonicalJson(query.input);
}

function oldestOf(jobs: Job[]): Job | null {
  const sorted = [...jobs].sort((a, b) => Date.parse(a.created_at) - Date.parse(b.created_at));
  return sorted[0] ?? null;
}

function compareKeys(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/** JSON with object keys sorted, so two inputs compare equal whatever their key order. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).sort(([a], [b]) => compareKeys(a, b));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
