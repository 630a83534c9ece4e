export { type ApiErrorDetails, DomeApiError, type RequestTarget } from './api-error.js';
export { DomeConnectionError, DomeTimeoutError } from './connection-error.js';
export { DomeError } from './dome-error.js';
export { DomeInputError, JobFailedError, JobLostContactError } from './job-errors.js';
export {
  JobDeadlineExceededError,
  JobInProgressError,
  JobSubmissionError,
} from './reliability-errors.js';
export { ResponseValidationError } from './response-validation-error.js';
