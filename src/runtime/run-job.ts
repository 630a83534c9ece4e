import type { ActorOptions, AnyStateMachine, SnapshotFrom } from 'xstate';
import {
  createDroneFootageMachine,
  type DroneFootageMachineInput,
} from '../../machines/drone-footage.js';
import {
  createImageEnhancementMachine,
  type ImageEnhancementMachineInput,
} from '../../machines/image-enhancement.js';
import type { JobMachineOptions } from '../../machines/shared/context.js';
import { withMachineOptions } from '../../machines/shared/machine-options.js';
import type { DomeClient } from '../client/client.js';
import type { JobProgress } from './progress.js';
import { type CompletedOutputOf, startJob } from './start-job.js';

/** Options of the `run*` helpers. */
export interface RunJobOptions<TMachine extends AnyStateMachine> extends JobMachineOptions {
  /** XState inspection callback. @default none */
  inspect?: ActorOptions<TMachine>['inspect'];
  /** Called with every snapshot. @default none */
  onSnapshot?: ((snapshot: SnapshotFrom<TMachine>) => void) | undefined;
  /** Called with a progress summary of every snapshot. @default none */
  onProgress?: ((progress: JobProgress) => void) | undefined;
  /** Aborting it stops watching the job, and the promise rejects with JobCancelledError. */
  signal?: AbortSignal | undefined;
}

type DroneFootageMachine = ReturnType<typeof createDroneFootageMachine>;
type ImageEnhancementMachine = ReturnType<typeof createImageEnhancementMachine>;

/**
 * Submits a drone footage job (or attaches to `input.jobId`) and polls it to the end.
 * Resolves with the completed output and rejects with the typed error of any other outcome.
 */
export function runDroneFootage(
  client: DomeClient,
  input: DroneFootageMachineInput,
  options: RunJobOptions<DroneFootageMachine> = {},
): Promise<CompletedOutputOf<DroneFootageMachine>> {
  return runWith(createDroneFootageMachine(client), input, options);
}

/**
 * Submits an image enhancement job (or attaches to `input.jobId`) and polls it to the end.
 * Resolves with the completed output and rejects with the typed error of any other outcome.
 */
export function runImageEnhancement(
  client: DomeClient,
  input: ImageEnhancementMachineInput,
  options: RunJobOptions<ImageEnhancementMachine> = {},
): Promise<CompletedOutputOf<ImageEnhancementMachine>> {
  return runWith(createImageEnhancementMachine(client), input, options);
}

/** Starts `machine` with the poll options merged into its input and returns the result promise. */
export function runWith<TMachine extends AnyStateMachine>(
  machine: TMachine,
  input: object,
  options: RunJobOptions<TMachine>,
): Promise<CompletedOutputOf<TMachine>> {
  const { inspect, onSnapshot, onProgress, signal } = options;
  const machineInput = withMachineOptions(input, options);
  return startJob(machine, {
    input: machineInput as never,
    inspect,
    onSnapshot,
    onProgress,
    signal,
  }).result;
}
