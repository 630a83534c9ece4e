import { MARKUP_STEP_FIELD, MARKUP_STEPS, VIDEO_STATUS_FIELD } from '../../src/api/assumptions.js';
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
  /** Reason and next step, for the person at the screen. */
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

/** The context fields that {@link outOfTurnProblem} reads. */
interface HumanStepContext {
  jobId: string | null;
  job: Job | null;
  selectedOrientation: string | null;
}

/**
 * Returns why a human event is rejected in a state that does not take it: a double click, a
 * replay after a restart, or an event sent too early. Nothing is sent for such an event.
 */
export function outOfTurnProblem(context: HumanStepContext, eventType: string): string {
  const jobId = context.jobId ?? '(not submitted yet)';
  const status = context.job?.status ?? 'not known yet';
  switch (eventType) {
    case 'orientation.select':
      if (context.selectedOrientation !== null) {
        return (
          `Orientation ${JSON.stringify(context.selectedOrientation)} was already selected for ` +
          `job ${jobId}; a second selection is not sent.`
        );
      }
      return `Job ${jobId} is not waiting for an orientation (status ${status}); select one once it reaches awaiting_input.`;
    case 'annotation.submit':
      if (isAnnotationTaken(context.job)) {
        return `The annotation of job ${jobId} was already accepted; a second one is not sent.`;
      }
      return `Job ${jobId} is not waiting for an annotation (status ${status}); send it after selecting an orientation.`;
    case 'video.request':
      return (
        videoRequestProblem(context.job) ??
        `Job ${jobId} has no document yet (status ${status}); request the video once it is completed.`
      );
    case 'finish':
      if (context.job?.status === 'completed') {
        return `The video of job ${jobId} is being requested or rendered; finish once it is ready, or cancel to end with the document now.`;
      }
      return `Job ${jobId} has no document yet (status ${status}); finish it once it is completed.`;
    default:
      return `Event ${eventType} is not accepted in this state.`;
  }
}

/** Returns the reason for a human event sent again while its first request is in flight. */
export function repeatedStepProblem(context: { jobId: string | null }, eventType: string) {
  return `${eventType} for job ${context.jobId ?? '(not submitted yet)'} is already being sent; a second one is not sent.`;
}

function isAnnotationTaken(job: Job | null): boolean {
  if (job?.status === 'completed') return true;
  return job?.status === 'running' && job.output?.[MARKUP_STEP_FIELD] === MARKUP_STEPS.finalizing;
}

/**
 * Returns whether a failed human step should return to its human state for another try. That
 * is the case when the server rejected the call with 400 (as it does for a step in the wrong
 * state), when the client rejected the input, or when a retry of the request may succeed.
 */
export function isRetryableStepFailure(error: unknown): boolean {
  if (error instanceof DomeInputError) return true;
  if (error instanceof DomeApiError && error.status === 400) return true;
  return isTransientFailure(error);
}
