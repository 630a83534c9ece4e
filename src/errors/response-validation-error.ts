import type { z } from 'zod';
import type { RequestTarget } from './api-error.js';
import { DomeError, describeIds } from './dome-error.js';

/** A response whose body is not JSON or does not match the schema the library expects. */
export class ResponseValidationError extends DomeError {
  override name = 'ResponseValidationError';

  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly requestId: string | undefined;
  /** The zod issues, empty when the body was not JSON at all. */
  readonly issues: readonly z.core.$ZodIssue[];

  constructor(
    target: RequestTarget & { status: number; requestId?: string | undefined },
    problem: { issues: readonly z.core.$ZodIssue[] } | { notJson: string },
  ) {
    const detail =
      'notJson' in problem
        ? `the body is not JSON (${problem.notJson})`
        : problem.issues.map(formatIssue).join('; ');
    super(
      `${target.method} ${target.path} returned ${target.status} with an unexpected body: ` +
        `${detail}${describeIds(target)}`,
      { jobId: target.jobId },
    );
    this.method = target.method;
    this.path = target.path;
    this.status = target.status;
    this.requestId = target.requestId;
    this.issues = 'issues' in problem ? problem.issues : [];
  }
}

function formatIssue(issue: z.core.$ZodIssue): string {
  const where = issue.path.length > 0 ? issue.path.join('.') : '(root)';
  return `${where}: ${issue.message}`;
}
