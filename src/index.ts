export * from '../machines/index.js';
export * from './api/assumptions.js';
export * from './api/envelope.js';
export * from './api/job.js';
export * from './api/outputs.js';
export * from './api/paths.js';
export * from './api/statuses.js';
export * from './client/index.js';
export * from './errors/index.js';
export * from './persistence/index.js';
export * from './reliability/index.js';
export * from './runtime/index.js';
export { InputRejectedError } from './runtime/input-rejected-error.js';
export type { JobKind, JobMachines, JobRequests } from './runtime/job-kinds.js';
export {
  createJobRunner,
  type JobRunner,
  type JobRunnerOptions,
  type JobSnapshotUpdate,
  type RunningJob,
  type RunOptions,
} from './runtime/job-runner.js';
