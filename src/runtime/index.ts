export { JobCancelledError } from './job-cancelled-error.js';
export { describeStateValue, getJobProgress, type JobProgress } from './progress.js';
export {
  type RunJobOptions,
  runDroneFootage,
  runImageEnhancement,
} from './run-job.js';
export { MAX_HUMAN_STEP_ATTEMPTS, type RunMarkupOptions, runMarkup } from './run-markup.js';
export {
  type CompletedOutputOf,
  type StartedJob,
  type StartJobOptions,
  startJob,
} from './start-job.js';
