import type { RequestTarget } from './api-error.js';
import { DomeError, describeIds } from './dome-error.js';

/**
 * Error codes of Node and undici that mean no connection was made, so no request left: the
 * connection was refused, or the host name did not resolve (permanently or for now).
 */
const NOT_SENT_CODES: ReadonlySet<string> = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * Message of the error undici puts under `fetch failed` when the URL's port is on the fetch
 * standard's list of blocked ports (such as 1 or 6000). It carries no code, and fetch rejects
 * such a port before it opens a connection.
 */
const BLOCKED_PORT_MESSAGE = 'bad port';

/** The request never got an HTTP response: DNS, refused or reset connection, TLS. */
export class DomeConnectionError extends DomeError {
  override name = 'DomeConnectionError';

  readonly method: string;
  readonly path: string;
  /**
   * Whether the request may have reached the server, derived from the cause's error code. It is
   * false when the connection was refused, the host did not resolve or fetch blocked the port,
   * so a POST created nothing. It is `'unknown'` for every other failure, such as a reset after the request left.
   */
  readonly requestSent: false | 'unknown';

  constructor(target: RequestTarget, cause: unknown) {
    const requestSent = notSentReasonOf(cause) === undefined ? 'unknown' : false;
    const advice =
      requestSent === false
        ? 'No request reached the server. Check the base URL and that the server is up.'
        : 'Check the base URL and the network.';
    super(
      `${target.method} ${target.path} failed before a response arrived: ` +
        `${causeMessage(cause)}${describeIds(target)}. ${advice}`,
      { jobId: target.jobId, cause },
    );
    this.method = target.method;
    this.path = target.path;
    this.requestSent = requestSent;
  }
}

/**
 * Returns why no request left, found on `cause` or its nested causes: a code in
 * NOT_SENT_CODES, found also when every error of an AggregateError from trying several
 * addresses has one, or BLOCKED_PORT_MESSAGE. Returns undefined when nothing shows that.
 */
function notSentReasonOf(cause: unknown, depth = 0): string | undefined {
  if (typeof cause !== 'object' || cause === null || depth > 5) return undefined;
  const code = (cause as { code?: unknown }).code;
  if (typeof code === 'string' && NOT_SENT_CODES.has(code)) return code;
  if (cause instanceof Error && cause.message === BLOCKED_PORT_MESSAGE) return cause.message;
  if (cause instanceof AggregateError) {
    const reasons = cause.errors.map((inner) => notSentReasonOf(inner, depth + 1));
    if (reasons.length > 0 && reasons.every((inner) => inner !== undefined)) return reasons[0];
  }
  return notSentReasonOf((cause as { cause?: unknown }).cause, depth + 1);
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
