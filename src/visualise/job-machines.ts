import type { AnyStateMachine } from 'xstate';
import { droneFootageMachine } from '../../machines/drone-footage.js';
import { imageEnhancementMachine } from '../../machines/image-enhancement.js';
import { markupMachine } from '../../machines/markup.js';

/** Names of the job machines, as the CLI commands and the diagram files spell them. */
export const JOB_MACHINE_NAMES = ['drone-footage', 'image-enhancement', 'markup'] as const;

/** One of {@link JOB_MACHINE_NAMES}. */
export type JobMachineName = (typeof JOB_MACHINE_NAMES)[number];

/**
 * The job machine definitions by name. These are the exported machines with placeholder
 * actors: enough for diagrams and for the Stately editor, which never run their actors.
 */
export const JOB_MACHINES: Readonly<Record<JobMachineName, AnyStateMachine>> = {
  'drone-footage': droneFootageMachine,
  'image-enhancement': imageEnhancementMachine,
  markup: markupMachine,
};

/** Returns whether `name` is one of {@link JOB_MACHINE_NAMES}. */
export function isJobMachineName(name: string): name is JobMachineName {
  return (JOB_MACHINE_NAMES as readonly string[]).includes(name);
}

/** Returns the source file of a job machine, relative to the package root. */
export function machineSourcePath(name: JobMachineName): string {
  return `machines/${name}.ts`;
}
