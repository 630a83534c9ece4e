import { DomeInputError } from '../../src/errors/job-errors.js';

/** Returns the request to submit, or throws when the machine was attached by job id. */
export function requireRequest<TRequest>(request: TRequest | null): TRequest {
  if (request === null) {
    throw new DomeInputError('request', 'Nothing to submit: the machine was started with a jobId.');
  }
  return request;
}
