/** Base class of every error that dome-flows raises. */
export class DomeError extends Error {
  override name = 'DomeError';

  /** Id of the job the failed call was about, when one was known. */
  readonly jobId: string | undefined;

  constructor(message: string, options: { jobId?: string | undefined; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.jobId = options.jobId;
  }
}

/** Formats the "(job …, request …)" suffix shared by error messages. */
export function describeIds(ids: { jobId?: string | undefined; requestId?: string | undefined }) {
  const parts: string[] = [];
  if (ids.jobId) parts.push(`job ${ids.jobId}`);
  if (ids.requestId) parts.push(`request ${ids.requestId}`);
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}
