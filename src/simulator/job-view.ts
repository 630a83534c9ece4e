import {
  EMPTY_OUTPUT,
  FAILED_JOBS_SET_COMPLETED_AT,
  FAILED_OUTPUT_FIELD,
  JOB_TYPES,
  MARKUP_STEP_FIELD,
  MARKUP_STEPS,
  ORIENTATION_KEYS,
  VIDEO_STATUS_FIELD,
} from '../api/assumptions.js';
import type { Job } from '../api/job.js';
import type { MarkupStep } from '../api/outputs.js';
import type { JobStatus } from '../api/statuses.js';
import type { JobRecord, ReceivedImage } from './job-store.js';
import { FILE_NAMES, fileUrl, VIDEO_DURATION_S } from './output-files.js';
import type { Timelines } from './types.js';

/** Speed and phase durations that turn a job record into a status. */
export interface JobClock {
  speed: number;
  timelines: Timelines;
}

/** A job's state at one instant, derived from its record and the clock. */
export interface JobState {
  status: JobStatus;
  /** Sub-state of a running markup job. */
  step?: MarkupStep;
  output: Record<string, unknown>;
  updatedAtMs: number;
  completedAtMs: number | null;
}

/** Returns the job resource as the API sends it at `nowMs`, with URLs on `origin`. */
export function viewJob(record: JobRecord, nowMs: number, origin: string, clock: JobClock): Job {
  const state = deriveJobState(record, nowMs, origin, clock);
  return {
    id: record.id,
    job_type: record.jobType,
    status: state.status,
    input: record.input,
    output: state.output,
    created_at: isoTimestamp(record.createdAtMs),
    updated_at: isoTimestamp(state.updatedAtMs),
    completed_at: state.completedAtMs === null ? null : isoTimestamp(state.completedAtMs),
  };
}

/** Derives status, step, output and timestamps of a job at `nowMs`. */
export function deriveJobState(
  record: JobRecord,
  nowMs: number,
  origin: string,
  clock: JobClock,
): JobState {
  if (record.scripted !== undefined) return record.scripted;

  // Every phase stretches with the scenario's factor and shrinks with the simulator's speed.
  const scaled = (phaseMs: number) => (phaseMs * record.plan.durationFactor) / clock.speed;
  const queuedEndMs = record.createdAtMs + scaled(clock.timelines.queuedMs);

  if (nowMs < queuedEndMs) {
    return {
      status: 'queued',
      output: { ...EMPTY_OUTPUT },
      updatedAtMs: record.createdAtMs,
      completedAtMs: null,
    };
  }
  if (record.plan.outcome === 'fail' && record.plan.failAt === 'queued') {
    return failedState(record, queuedEndMs);
  }

  if (record.jobType === JOB_TYPES.markup) {
    return deriveMarkupState(record, nowMs, origin, clock, queuedEndMs);
  }

  const runningMs =
    record.jobType === JOB_TYPES.droneFootage
      ? clock.timelines.droneFootageMs
      : clock.timelines.imageEnhancementMs;
  const runEndMs = queuedEndMs + scaled(runningMs);
  if (nowMs < runEndMs) {
    return {
      status: 'running',
      output: { ...EMPTY_OUTPUT },
      updatedAtMs: queuedEndMs,
      completedAtMs: null,
    };
  }
  if (record.plan.outcome === 'fail') return failedState(record, runEndMs);

  return {
    status: 'completed',
    output: singleStepOutput(record, origin),
    updatedAtMs: runEndMs,
    completedAtMs: runEndMs,
  };
}

function deriveMarkupState(
  record: JobRecord,
  nowMs: number,
  origin: string,
  clock: JobClock,
  queuedEndMs: number,
): JobState {
  const scaled = (phaseMs: number) => (phaseMs * record.plan.durationFactor) / clock.speed;
  const captureEndMs = queuedEndMs + scaled(clock.timelines.markupCaptureMs);

  if (nowMs < captureEndMs) {
    return runningStep(MARKUP_STEPS.capturing, {}, queuedEndMs);
  }
  if (record.plan.outcome === 'fail') return failedState(record, captureEndMs);

  const { selection, annotation } = record;
  if (selection === undefined) {
    return {
      status: 'awaiting_input',
      output: { orientation_variants: orientationVariants(record.id, origin) },
      updatedAtMs: captureEndMs,
      completedAtMs: null,
    };
  }
  const orientation = selection.orientation;
  if (annotation === undefined) {
    return runningStep(MARKUP_STEPS.annotationReady, { orientation }, selection.atMs);
  }

  const finalizeEndMs = annotation.atMs + scaled(clock.timelines.markupFinalizingMs);
  if (nowMs < finalizeEndMs) {
    return runningStep(MARKUP_STEPS.finalizing, { orientation }, annotation.atMs);
  }

  const output: Record<string, unknown> = {
    document_url: fileUrl(origin, record.id, FILE_NAMES.document),
    orientation,
    annotated_image_url: imageUrl(
      annotation.annotatedImage,
      origin,
      record.id,
      FILE_NAMES.annotatedImage,
    ),
    clean_image_url: imageUrl(annotation.cleanImage, origin, record.id, FILE_NAMES.cleanImage),
  };
  let updatedAtMs = finalizeEndMs;
  if (record.videoRequestedAtMs !== undefined) {
    const videoEndMs = record.videoRequestedAtMs + scaled(clock.timelines.markupVideoMs);
    if (nowMs < videoEndMs) {
      output[VIDEO_STATUS_FIELD] = 'rendering';
      updatedAtMs = Math.max(finalizeEndMs, record.videoRequestedAtMs);
    } else {
      output[VIDEO_STATUS_FIELD] = 'ready';
      output.video_url = fileUrl(origin, record.id, FILE_NAMES.video);
      updatedAtMs = videoEndMs;
    }
  }
  return { status: 'completed', output, updatedAtMs, completedAtMs: finalizeEndMs };
}

function runningStep(step: MarkupStep, extra: Record<string, unknown>, sinceMs: number): JobState {
  return {
    status: 'running',
    step,
    output: { [MARKUP_STEP_FIELD]: step, ...extra },
    updatedAtMs: sinceMs,
    completedAtMs: null,
  };
}

function failedState(record: JobRecord, failedAtMs: number): JobState {
  return {
    status: 'failed',
    output: { [FAILED_OUTPUT_FIELD]: { ...record.plan.failure } },
    updatedAtMs: failedAtMs,
    completedAtMs: FAILED_JOBS_SET_COMPLETED_AT ? failedAtMs : null,
  };
}

function singleStepOutput(record: JobRecord, origin: string): Record<string, unknown> {
  if (record.jobType === JOB_TYPES.droneFootage) {
    return {
      video_url: fileUrl(origin, record.id, FILE_NAMES.video),
      thumbnail_url: fileUrl(origin, record.id, FILE_NAMES.thumbnail),
      duration: VIDEO_DURATION_S,
    };
  }
  return { enhanced_url: fileUrl(origin, record.id, FILE_NAMES.enhancedImage) };
}

function orientationVariants(jobId: string, origin: string) {
  return ORIENTATION_KEYS.map((key) => ({
    key,
    preview_url: fileUrl(origin, jobId, FILE_NAMES.variantPreview(key)),
    enhanced_url: fileUrl(origin, jobId, FILE_NAMES.variantEnhanced(key)),
  }));
}

function imageUrl(image: ReceivedImage, origin: string, jobId: string, name: string): string {
  // An http(s) image stays where the caller keeps it; a data URL is served back by the simulator.
  return image.kind === 'url' ? image.url : fileUrl(origin, jobId, name);
}

/** Formats milliseconds since the epoch as the API's ISO-8601 UTC timestamp. */
export function isoTimestamp(ms: number): string {
  return new Date(Math.floor(ms)).toISOString();
}
