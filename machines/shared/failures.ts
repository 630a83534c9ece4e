import type { z } from 'zod';
import type { Job } from '../../src/api/job.js';
import { FailedOutputSchema } from '../../src/api/outputs.js';
import { DomeApiError } from '../../src/errors/api-error.js';
import { DomeConnectionError, DomeTimeoutError } from '../../src/errors/connection-error.js';
import { DomeError } from '../../src/errors/dome-error.js';
import { JobFailedError, JobLostContactError } from '../../src/errors/job-errors.js';
import { JobInProgressError } from '../../src/errors/reliability-errors.js';
import { ResponseValidationError } from '../../src/errors/response-validation-error.js';
import type { JobContext } from './context.js';

/** Returns whether a later identical request may succeed: 429, 5xx, no response, timeout. */
export function isTransientFailure(error: unknown): boolean {
  if (error instanceof DomeApiError) return error.isTransient;
  return error instanceof DomeConnectionError || error instanceof DomeTimeoutError;
}

/** Returns the error as a DomeError, wrapping anything else with the job id. */
export function toDomeError(error: unknown, jobId: string | null): DomeError {
  // The transport builds a plain DomeApiError; a 409 JOB_IN_PROGRESS gets its own class here.
  if (error instanceof DomeApiError) return JobInProgressError.fromApiError(error);
  if (error instanceof DomeError) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new DomeError(
    `Unexpected error while handling job ${jobId ?? '(not submitted)'}: ${reason}`,
    {
      jobId: jobId ?? undefined,
      cause: error,
    },
  );
}

/** Builds the error that ends a machine after too many transient poll failures. */
export function lostContactError(
  context: JobContext<unknown>,
  cause: unknown,
): JobLostContactError {
  return new JobLostContactError(context.jobId ?? '', {
    lastStatus: context.job?.status,
    attempts: context.consecutiveFailures + 1,
    cause,
  });
}

/** Builds the error for a job the server marked `failed`, from its `output.error`. */
export function jobFailedError(job: Job): JobFailedError {
  const failure = FailedOutputSchema.safeParse(job.output);
  return new JobFailedError(job.id, failure.success ? failure.data.error : {});
}

/**
 * Builds the error for a job whose `output` does not match the schema of its status. The
 * issue paths are prefixed with `output` so the message names the field.
 */
export function invalidOutputError(
  job: Job,
  pollPath: string,
  issues: readonly z.core.$ZodIssue[],
): ResponseValidationError {
  return new ResponseValidationError(
    { method: 'GET', path: pollPath, status: 200, jobId: job.id },
    { issues: issues.map((issue) => ({ ...issue, path: ['output', ...issue.path] })) },
  );
}

/** Builds the error for a status this job type never reaches, such as `awaiting_input`. */
export function unexpectedStatusError(job: Job, machineId: string): DomeError {
  return new DomeError(
    `Job ${job.id} reported status ${job.status}, which the ${machineId} machine does not ` +
      'handle. Check that the job id belongs to a job of this type.',
    { jobId: job.id },
  );
}
