export { DEFAULT_FAILURE, FAIL_MARKER, SLOW_FACTOR, SLOW_MARKER } from './scenarios.js';
export {
  ABORTED_REQUEST_STATUS,
  type HeldRequest,
  type ReleaseOutcome,
  type RequestScript,
  type ScriptedError,
  type ScriptedJobState,
} from './scripting.js';
export {
  createSimulator,
  DEFAULT_REQUESTS_PER_DAY,
  DEFAULT_REQUESTS_PER_MINUTE,
  IN_PROCESS_ORIGIN,
} from './simulator.js';
export { DEFAULT_TIMELINES } from './timelines.js';
export type {
  Fault,
  FaultInjector,
  RecordedRequest,
  RunningSimulator,
  Scenario,
  Simulator,
  SimulatorOptions,
  SubmittedJob,
  Timelines,
} from './types.js';
