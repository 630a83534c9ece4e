export {
  createDroneFootageMachine,
  type DroneFootageMachineInput,
  type DroneFootageMachineOutput,
  droneFootageMachine,
} from './drone-footage.js';
export {
  createImageEnhancementMachine,
  type ImageEnhancementMachineInput,
  type ImageEnhancementMachineOutput,
  imageEnhancementMachine,
} from './image-enhancement.js';
export {
  createMarkupMachine,
  type MarkupContext,
  type MarkupEmitted,
  type MarkupEvent,
  type MarkupMachineInput,
  type MarkupMachineOutput,
  markupMachine,
} from './markup.js';
export { type BackoffOptions, DEFAULT_BACKOFF } from './shared/backoff.js';
export {
  DEFAULT_MAX_CONSECUTIVE_FAILURES,
  type JobContext,
  type JobMachineInput,
  type JobMachineOptions,
} from './shared/context.js';
export type { InputRejection } from './shared/markup-steps.js';
export type { JobMachineEvent, JobMachineOutput } from './shared/output.js';
export {
  DEFAULT_POLL_SCHEDULE,
  nextPollAt,
  type PollSchedule,
} from './shared/poll-schedule.js';
export {
  DEFAULT_DEADLINE_MS,
  DEFAULT_MAX_RETRY_AFTER_MS,
  type ReliabilityOptions,
} from './shared/reliability.js';
export { MIN_REQUEST_GAP_MS } from './shared/request-pacing.js';
export type { SubmissionRecord } from './shared/submission.js';
