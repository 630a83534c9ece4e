import { DomeError } from '../errors/dome-error.js';

/**
 * The caller stopped watching a job: a `cancel` event, an aborted signal or a stopped actor.
 * The API has no cancel endpoint, so a submitted job keeps running on the server.
 */
export class JobCancelledError extends DomeError {
  override name = 'JobCancelledError';

  constructor(jobId: string | null) {
    const which = jobId === null ? 'before the job was submitted' : `for job ${jobId}`;
    super(
      `Stopped watching ${which}. The API cannot cancel jobs, so a submitted job may still ` +
        'finish; attach to it again by its id.',
      { jobId: jobId ?? undefined },
    );
  }
}
