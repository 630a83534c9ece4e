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
