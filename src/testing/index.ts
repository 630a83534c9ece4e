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
export type {
  ActorRequest,
  MachineModel,
  ModelInput,
  UnreachableTransitions,
} from './model.js';
export { markupModel } from './models/markup.js';
export { droneFootageModel, imageEnhancementModel } from './models/single-step.js';
export {
  apiError,
  doneEvents,
  errorEvents,
  GRAPH_ACCEPTED,
  GRAPH_JOB_ID,
  graphJob,
  type JobOutcome,
  jobUpdatedEvents,
  labelled,
  labelOf,
  OTHER_JOB_ID,
  PERMANENT_ERROR,
  REJECTED_ERROR,
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
  type StepObservation,
} from './step-driver.js';
