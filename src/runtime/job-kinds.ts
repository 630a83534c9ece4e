import { createDroneFootageMachine } from '../../machines/drone-footage.js';
import { createImageEnhancementMachine } from '../../machines/image-enhancement.js';
import { createMarkupMachine } from '../../machines/markup.js';
import {
  findSubmittedJobActor,
  type IsJobOwnedElsewhere,
} from '../../machines/shared/submission.js';
import { JOB_TYPES } from '../api/assumptions.js';
import type { Job } from '../api/job.js';
import type { DomeClient } from '../client/client.js';
import {
  type DroneFootageInput,
  droneFootageBody,
  type ImageEnhancementInput,
  imageEnhancementBody,
  type MarkupInput,
  markupBody,
} from '../client/inputs.js';

/** The job machines a runner can start, by machine id. */
export type JobKind = 'droneFootage' | 'imageEnhancement' | 'markup';

/** Request of each job kind, as `start` takes it. */
export interface JobRequests {
  droneFootage: DroneFootageInput;
  imageEnhancement: ImageEnhancementInput;
  markup: MarkupInput;
}

/** Machine of each job kind. */
export interface JobMachines {
  droneFootage: ReturnType<typeof createDroneFootageMachine>;
  imageEnhancement: ReturnType<typeof createImageEnhancementMachine>;
  markup: ReturnType<typeof createMarkupMachine>;
}

/** Called with the request body right before a submission POST is sent. */
export type BeforeSubmit = (body: Record<string, unknown>) => void;

/** Description of one job kind: its API type, request body, machine and poll endpoint. */
interface JobKindSpec<K extends JobKind> {
  /** `job_type` that the API lists this kind under. */
  jobType: string;
  /** Builds the POST body from the request, as the client does. Throws DomeInputError. */
  body(request: JobRequests[K]): Record<string, unknown>;
  /**
   * Builds the machine on a client whose submission calls `beforeSubmit` first. The machine's
   * search for a lost submission never adopts a job for which `isOwnedElsewhere` returns true.
   */
  createMachine(
    client: DomeClient,
    beforeSubmit: BeforeSubmit,
    isOwnedElsewhere?: IsJobOwnedElsewhere,
  ): JobMachines[K];
  /** Reads the job from the endpoint the machine polls. */
  fetchJob(client: DomeClient, jobId: string): Promise<Job>;
}

export const JOB_KINDS: { [K in JobKind]: JobKindSpec<K> } = {
  droneFootage: {
    jobType: JOB_TYPES.droneFootage,
    body: droneFootageBody,
    createMachine: (client, beforeSubmit, isOwnedElsewhere) =>
      createDroneFootageMachine({
        ...client,
        submitDroneFootage: (input, call) => {
          announce(beforeSubmit, () => droneFootageBody(input));
          return client.submitDroneFootage(input, call);
        },
      }).provide({
        actors: { findSubmittedJob: findSubmittedJobActor(client, isOwnedElsewhere) },
      }),
    fetchJob: (client, jobId) => client.getJob(jobId),
  },
  imageEnhancement: {
    jobType: JOB_TYPES.imageEnhancement,
    body: imageEnhancementBody,
    createMachine: (client, beforeSubmit, isOwnedElsewhere) =>
      createImageEnhancementMachine({
        ...client,
        submitImageEnhancement: (input, call) => {
          announce(beforeSubmit, () => imageEnhancementBody(input));
          return client.submitImageEnhancement(input, call);
        },
      }).provide({
        actors: { findSubmittedJob: findSubmittedJobActor(client, isOwnedElsewhere) },
      }),
    fetchJob: (client, jobId) => client.getJob(jobId),
  },
  markup: {
    jobType: JOB_TYPES.markup,
    body: markupBody,
    createMachine: (client, beforeSubmit, isOwnedElsewhere) =>
      createMarkupMachine({
        ...client,
        startMarkup: (input, call) => {
          announce(beforeSubmit, () => markupBody(input));
          return client.startMarkup(input, call);
        },
      }).provide({
        actors: { findSubmittedJob: findSubmittedJobActor(client, isOwnedElsewhere) },
      }),
    fetchJob: (client, jobId) => client.getMarkupJob(jobId),
  },
};

/** Returns whether `value` names a job kind. */
export function isJobKind(value: string): value is JobKind {
  return Object.hasOwn(JOB_KINDS, value);
}

/**
 * Calls `beforeSubmit` with the body, unless the request is invalid: the client then rejects
 * it before anything is sent, so there is no submission to record.
 */
function announce(beforeSubmit: BeforeSubmit, body: () => Record<string, unknown>) {
  let built: Record<string, unknown>;
  try {
    built = body();
  } catch {
    return;
  }
  beforeSubmit(built);
}
