export {
  CoverageRecorder,
  listStates,
  listTransitions,
  type TransitionInfo,
} from './coverage.js';
export { ExpectedServer, type RequestView, type ServerView } from './expected-requests.js';
export {
  eventKey,
  eventsFor,
  type GeneratedPath,
  generatePaths,
  type PathStep,
  stepText,
  valueText,
} from './graph-traversal.js';
export type { ActorRequest, ClockJump, MachineModel, ModelInput } from './model.js';
export { markupModel } from './models/markup.js';
export {
  DEADLINE_JUMP,
  FAILED_OUTCOME,
  failureKey,
  MAX_FAILURES,
  MODEL_DEADLINE_MS,
} from './models/shared.js';
export { droneFootageModel, imageEnhancementModel } from './models/single-step.js';
export {
  apiError,
  atClock,
  clockReadingOf,
  doneEvents,
  errorEvents,
  GRAPH_ACCEPTED,
  GRAPH_JOB_ID,
  graphJob,
  handledBeforeError,
  isHandledBeforeError,
  type JobOutcome,
  jobUpdatedEvents,
  LOST_RESPONSE_ERROR,
  labelled,
  labelOf,
  OTHER_JOB_ID,
  PERMANENT_ERROR,
  REJECTED_ERROR,
  type ScriptedFailure,
  TRANSIENT_ERROR,
} from './payloads.js';
export {
  createScriptedHarness,
  SCRIPTED_API_KEY,
  type ScriptedHarness,
} from './scripted-simulator.js';
export {
  type FakeTimers,
  type RunPathOptions,
  runPath,
  runWrappedPath,
  type StepObservation,
} from './step-driver.js';
export { generateWrappedPaths, type WrappedPath, type WrapperModel } from './wrapper-model.js';
