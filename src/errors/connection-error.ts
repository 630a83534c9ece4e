import type { RequestTarget } from './api-error.js';
import { DomeError, describeIds } from './dome-error.js';

/** The request never got an HTTP response: DNS, refused or reset connection, TLS. */
export class DomeConnectionError extends DomeError {
  override name = 'DomeConnectionError';

  readonly method: string;
  readonly path: string;

  constructor(target: RequestTarget, cause: unknown) {
    super(
      `${target.method} ${target.path} failed before a response arrived: ` +
        `${causeMessage(cause)}${describeIds(target)}. Check the base URL and the network.`,
      { jobId: target.jobId, cause },
    );
    this.method = target.method;
    this.path = target.path;
  }
}

/** The request got no complete response within the configured timeout. */
export class DomeTimeoutError extends DomeError {
  override name = 'DomeTimeoutError';

  readonly method: string;
  readonly path: string;
  readonly timeoutMs: number;

  constructor(target: RequestTarget, timeoutMs: number, cause: unknown) {
    super(`${target.method} ${target.path} timed out after ${timeoutMs} ms${describeIds(target)}`, {
      jobId: target.jobId,
      cause,
    });
    this.method = target.method;
    this.path = target.path;
    this.timeoutMs = timeoutMs;
  }
}

function causeMessage(cause: unknown): string {
  if (!(cause instanceof Error)) return String(cause);
  const inner = cause.cause instanceof Error ? `: ${cause.cause.message}` : '';
  return `${cause.message}${inner}`;
}
