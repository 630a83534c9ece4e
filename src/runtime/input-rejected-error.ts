import { DomeInputError } from '../errors/job-errors.js';

/**
 * A human event was not accepted: it came outside its step, repeated a step that was already
 * sent (a double click, a second tab, a replay after a restart), or failed the input checks.
 * No request was sent for it.
 */
export class InputRejectedError extends DomeInputError {
  override name = 'InputRejectedError';

  /** Local key of the job, as the runner stores it. */
  readonly key: string;
  /** Type of the rejected event, such as `orientation.select`. */
  readonly eventType: string;

  constructor(key: string, eventType: string, reason: string, jobId: string | null) {
    super(eventType, reason, { jobId: jobId ?? undefined });
    this.key = key;
    this.eventType = eventType;
  }
}
