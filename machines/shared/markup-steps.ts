import { VIDEO_STATUS_FIELD } from '../../src/api/assumptions.js';
import type { Job } from '../../src/api/job.js';
import { MarkupAwaitingInputOutputSchema, type OrientationVariant } from '../../src/api/outputs.js';
import { annotateBody } from '../../src/client/inputs.js';
import { DomeApiError } from '../../src/errors/api-error.js';
import { DomeInputError } from '../../src/errors/job-errors.js';
import { isTransientFailure } from './failures.js';

/** Reason a human event was rejected, kept until the next accepted one. */
export interface InputRejection {
  /** Type of the rejected event, such as `orientation.select`. */
  eventType: string;
  /** What was wrong and what to do, for the person at the screen. */
  reason: string;
}

/** Returns the orientation variants of a job at `awaiting_input`, or null if they are invalid. */
export function orientationVariantsOf(job: Job): OrientationVariant[] | null {
  const parsed = MarkupAwaitingInputOutputSchema.safeParse(job.output);
  return parsed.success ? parsed.data.orientation_variants : null;
}

/** Returns why an orientation key cannot be selected, or null when it is one of the offered. */
export function orientationProblem(variants: readonly OrientationVariant[], key: unknown) {
  if (variants.some((variant) => variant.key === key)) return null;
  const offered = variants.map((variant) => variant.key).join(', ');
  return `Orientation ${JSON.stringify(key)} is not offered; choose one of: ${offered}.`;
}

/** Returns why two annotation images would be rejected by the client, or null if they pass. */
export function annotationProblem(images: { annotatedImage: unknown; cleanImage: unknown }) {
  try {
    annotateBody(images as { annotatedImage: string; cleanImage: string });
    return null;
  } catch (error) {
    if (error instanceof DomeInputError) return error.message;
    throw error;
  }
}

/** Returns the `video_status` and `video_url` of a completed markup job. */
export function videoStateOf(job: Job | null) {
  const output = job?.output ?? {};
  const videoStatus = output[VIDEO_STATUS_FIELD];
  const videoUrl = output.video_url;
  return {
    videoStatus: typeof videoStatus === 'string' ? videoStatus : undefined,
    videoUrl: typeof videoUrl === 'string' ? videoUrl : undefined,
  };
}

/** Returns why a video cannot be requested now, or null when it can. */
export function videoRequestProblem(job: Job | null) {
  const { videoStatus, videoUrl } = videoStateOf(job);
  if (videoUrl !== undefined) return `The video is already rendered: ${videoUrl}`;
  if (videoStatus === 'rendering') return 'The video is already rendering; wait for it.';
  return null;
}

/**
 * Returns whether a failed human step should return to its human state for another try: the
 * server rejected the call (400, which is also what a step in the wrong state gets), the client
 * rejected the input, or the request failed in a way that may pass on a retry.
 */
export function isRetryableStepFailure(error: unknown): boolean {
  if (error instanceof DomeInputError) return true;
  if (error instanceof DomeApiError && error.status === 400) return true;
  return isTransientFailure(error);
}
