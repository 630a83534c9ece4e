import { JOB_TYPES } from '../src/api/assumptions.js';
import { type ImageEnhancementOutput, ImageEnhancementOutputSchema } from '../src/api/outputs.js';
import { paths } from '../src/api/paths.js';
import type { DomeClient } from '../src/client/client.js';
import { type ImageEnhancementInput, imageEnhancementBody } from '../src/client/inputs.js';
import { cachePerClient } from './shared/cache-per-client.js';
import type { JobMachineInput } from './shared/context.js';
import type { JobMachineOutput } from './shared/output.js';
import { pacedRequest } from './shared/paced-request.js';
import { requireRequest } from './shared/request.js';
import { createSingleStepMachine } from './shared/single-step-machine.js';
import { findSubmittedJobActor } from './shared/submission.js';

/** Input of the image enhancement machine: `{ imageUrl }` to submit, or `{ jobId }` to attach. */
export type ImageEnhancementMachineInput = JobMachineInput<ImageEnhancementInput>;

/** Final output of the image enhancement machine. */
export type ImageEnhancementMachineOutput = JobMachineOutput<ImageEnhancementOutput>;

/**
 * Image enhancement job: submit the image URL, then `GET /jobs/{id}` until `completed` or
 * `failed`. Its actors are placeholders, so use {@link createImageEnhancementMachine} to run it.
 */
export const imageEnhancementMachine = createSingleStepMachine<
  ImageEnhancementInput,
  ImageEnhancementOutput
>(
  {
    id: 'imageEnhancement',
    resultSchema: ImageEnhancementOutputSchema,
    jobType: JOB_TYPES.imageEnhancement,
    requestBody: imageEnhancementBody,
    pollPath: (jobId) => `/${paths.job(jobId)}`,
  },
  'createImageEnhancementMachine',
);

/** Returns the image enhancement machine bound to `client`, built once per client. */
export function createImageEnhancementMachine(client: DomeClient) {
  return boundImageEnhancementMachine(client);
}

const boundImageEnhancementMachine = cachePerClient((client: DomeClient) =>
  imageEnhancementMachine.provide({
    actors: {
      submitJob: pacedRequest(({ request }, signal) =>
        client.submitImageEnhancement(requireRequest(request), { signal }),
      ),
      fetchJob: pacedRequest(({ jobId }, signal) => client.getJob(jobId, { signal })),
      findSubmittedJob: findSubmittedJobActor(client),
    },
  }),
);
