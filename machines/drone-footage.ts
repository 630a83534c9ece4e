import { JOB_TYPES } from '../src/api/assumptions.js';
import { type DroneFootageOutput, DroneFootageOutputSchema } from '../src/api/outputs.js';
import { paths } from '../src/api/paths.js';
import type { DomeClient } from '../src/client/client.js';
import { type DroneFootageInput, droneFootageBody } from '../src/client/inputs.js';
import { cachePerClient } from './shared/cache-per-client.js';
import type { JobMachineInput } from './shared/context.js';
import type { JobMachineOutput } from './shared/output.js';
import { pacedRequest } from './shared/paced-request.js';
import { requireRequest } from './shared/request.js';
import { createSingleStepMachine } from './shared/single-step-machine.js';
import { findSubmittedJobActor } from './shared/submission.js';

/** Input of the drone footage machine: `{ address }` to submit, or `{ jobId }` to attach. */
export type DroneFootageMachineInput = JobMachineInput<DroneFootageInput>;

/** Final output of the drone footage machine. */
export type DroneFootageMachineOutput = JobMachineOutput<DroneFootageOutput>;

/**
 * Drone footage job: `POST /drone-footage/generate`, then `GET /jobs/{id}` until `completed`
 * or `failed`. Its actors are placeholders, so use {@link createDroneFootageMachine} to run it.
 */
export const droneFootageMachine = createSingleStepMachine<DroneFootageInput, DroneFootageOutput>(
  {
    id: 'droneFootage',
    resultSchema: DroneFootageOutputSchema,
    jobType: JOB_TYPES.droneFootage,
    requestBody: droneFootageBody,
    pollPath: (jobId) => `/${paths.job(jobId)}`,
  },
  'createDroneFootageMachine',
);

/** Returns the drone footage machine bound to `client`, built once per client. */
export function createDroneFootageMachine(client: DomeClient) {
  return boundDroneFootageMachine(client);
}

const boundDroneFootageMachine = cachePerClient((client: DomeClient) =>
  droneFootageMachine.provide({
    actors: {
      submitJob: pacedRequest(({ request }, signal) =>
        client.submitDroneFootage(requireRequest(request), { signal }),
      ),
      fetchJob: pacedRequest(({ jobId }, signal) => client.getJob(jobId, { signal })),
      findSubmittedJob: findSubmittedJobActor(client),
    },
  }),
);
