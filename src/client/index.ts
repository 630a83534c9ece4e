export { type CallOptions, createDomeClient, type DomeClient, type JobPage } from './client.js';
export type {
  AnnotationInput,
  DroneFootageInput,
  ImageEnhancementInput,
  JobType,
  ListJobsQuery,
  MarkupInput,
} from './inputs.js';
export {
  DEFAULT_TIMEOUT_MS,
  type DomeClientOptions,
  PRODUCTION_BASE_URL,
  STAGING_BASE_URL,
} from './options.js';
export { MAX_TIMER_DELAY_MS, parseRetryAfterMs } from './retry-after.js';
