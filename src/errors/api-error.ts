import { DomeError, describeIds } from './dome-error.js';

/** Target of a failed request: method and path below the versioned base URL. */
export interface RequestTarget {
  method: string;
  path: string;
  jobId?: string | undefined;
}

/** Fields of an error response from the API. */
export interface ApiErrorDetails extends RequestTarget {
  status: number;
  code: string;
  apiMessage: string;
  requestId?: string | undefined;
  /** Delay the server asked for through `Retry-After`, in milliseconds. */
  retryAfterMs?: number | undefined;
}

/**
 * An error response of the API: an HTTP status with the `error.code`, `error.message` and
 * `meta.request_id` of the error envelope.
 */
export class DomeApiError extends DomeError {
  override name = 'DomeApiError';

  readonly status: number;
  readonly code: string;
  readonly apiMessage: string;
  readonly requestId: string | undefined;
  readonly method: string;
  readonly path: string;
  readonly retryAfterMs: number | undefined;

  constructor(details: ApiErrorDetails) {
    super(
      `${details.method} ${details.path} failed with ${details.status} ${details.code}: ` +
        `${details.apiMessage}${describeIds(details)}${adviceFor(details)}`,
      { jobId: details.jobId },
    );
    this.status = details.status;
    this.code = details.code;
    this.apiMessage = details.apiMessage;
    this.requestId = details.requestId;
    this.method = details.method;
    this.path = details.path;
    this.retryAfterMs = details.retryAfterMs;
  }

  /** Whether a later identical request may succeed: 429 and server errors. */
  get isTransient(): boolean {
    return this.status === 429 || this.status >= 500;
  }
}

function adviceFor(details: ApiErrorDetails): string {
  switch (details.code) {
    case 'UNAUTHORIZED':
      return '. Check that DOME_API_KEY holds a valid dome_live_ key.';
    case 'RATE_LIMITED':
      return details.retryAfterMs === undefined
        ? '. Slow down and retry.'
        : `. Retry after ${Math.ceil(details.retryAfterMs / 1000)} s.`;
    case 'JOB_NOT_FOUND':
      return '. Check the job id and that it belongs to this API key.';
    case 'JOB_IN_PROGRESS':
      return '. Wait for the job of this type in progress to finish, then submit again.';
    case 'INSUFFICIENT_QUOTA':
    case 'FEATURE_DISABLED':
      return '. Contact DomeAgent support.';
    default:
      return '';
  }
}
