/**
 * Choices made where the DomeAgent API docs are silent or could not be read.
 *
 * The client, the zod schemas and the simulator all read these values, so correcting a guess
 * once the real behaviour is known is a change to this module and to
 * docs/api-assumptions.md only. Every other module treats these as facts.
 */

/** Path, relative to the versioned base URL, that submits an image enhancement job. */
export const IMAGE_ENHANCEMENT_PATH = 'image-enhancement/generate';

/** `job_type` values. Only `drone_footage` appears in the docs. */
export const JOB_TYPES = {
  droneFootage: 'drone_footage',
  imageEnhancement: 'image_enhancement',
  markup: 'markup',
} as const;

/** Orientation keys the simulator offers. The docs show `bottom` and `left` only. */
export const ORIENTATION_KEYS = ['top', 'right', 'bottom', 'left'] as const;

/**
 * Field of a markup job's `output` that names the sub-state of `running`. The docs show
 * "running (annotation_ready)" in a diagram but not where it appears on the wire.
 */
export const MARKUP_STEP_FIELD = 'step';

/** Values of {@link MARKUP_STEP_FIELD}. */
export const MARKUP_STEPS = {
  /** Capturing and enhancing the aerial screenshots, before `awaiting_input`. */
  capturing: 'capturing',
  /** An orientation was selected; the job waits for the annotated and clean images. */
  annotationReady: 'annotation_ready',
  /** The annotation was received; the document is being produced. */
  finalizing: 'finalizing',
} as const;

/** Body field of `POST /markup/jobs/{id}/select` that carries the chosen variant key. */
export const SELECT_ORIENTATION_FIELD = 'orientation';

/**
 * Body fields of `POST /markup/jobs/{id}/annotate`. Each carries an image as an http(s) URL or
 * as a `data:image/...;base64,` URL.
 */
export const ANNOTATE_FIELDS = {
  annotatedImage: 'annotated_image',
  cleanImage: 'clean_image',
} as const;

/** Largest image the simulator accepts in one annotate field, in bytes after base64 decoding. */
export const MAX_ANNOTATION_IMAGE_BYTES = 10 * 1024 * 1024;

/**
 * HTTP status of the markup step calls (select, annotate, video). They return the job resource
 * in the usual envelope.
 */
export const MARKUP_STEP_RESPONSE_STATUS = 200;

/**
 * Error for a markup step called in the wrong state (select before `awaiting_input`, annotate
 * before select, video before `completed`). The docs list 409 `JOB_IN_PROGRESS` and 400
 * `VALIDATION_ERROR` as candidates; the latter fits because the request, not another job, is
 * at fault.
 */
export const WRONG_STATE_ERROR = { status: 400, code: 'VALIDATION_ERROR' } as const;

/**
 * Video rendering keeps the job at `completed` and reports its progress in
 * `output.video_status`; the URL appears in `output.video_url` once rendered. A client that
 * stops polling at `completed` therefore never reads a finished job moving backwards.
 */
export const VIDEO_STATUS_FIELD = 'video_status';
export const VIDEO_STATUSES = ['rendering', 'ready', 'failed'] as const;

/** Value of `output` before a job has produced anything. The schemas also accept null. */
export const EMPTY_OUTPUT = {} as const;

/** `output` of a failed job: `{ error: { code, message } }`. */
export const FAILED_OUTPUT_FIELD = 'error';

/** Response to a job id that is not a UUID: the same 404 as an unknown id. */
export const MALFORMED_JOB_ID_ERROR = { status: 404, code: 'JOB_NOT_FOUND' } as const;

/** Response to an unknown route or method. Its code is not in the documented table. */
export const UNKNOWN_ROUTE_ERROR = { status: 404, code: 'NOT_FOUND' } as const;

/** API keys the simulator accepts: the documented prefix, then letters and digits. */
export const API_KEY_PATTERN = /^dome_live_[A-Za-z0-9]+$/;

/** Unit of the `Retry-After` header that the simulator sends: whole seconds. */
export const RETRY_AFTER_UNIT = 'seconds';

/** Default page size of `GET /jobs`, documented as 50; out-of-range limits get a 400. */
export const LIST_DEFAULT_LIMIT = 50;
export const LIST_MAX_LIMIT = 100;

/** Order of `GET /jobs`: newest `created_at` first. */
export const LIST_ORDER = 'created_at_desc';

/**
 * Error of the markup paths (`GET /markup/jobs/{id}` and its step calls) for a job of another
 * type: the same 404 as an unknown id, because the docs show only markup jobs there.
 */
export const MARKUP_PATH_OTHER_TYPE_ERROR = { status: 404, code: 'JOB_NOT_FOUND' } as const;

/**
 * Whether a failed job gets a `completed_at`. The docs show it only on completed jobs; the
 * simulator leaves it null on failed ones and the schemas accept both.
 */
export const FAILED_JOBS_SET_COMPLETED_AT = false;
