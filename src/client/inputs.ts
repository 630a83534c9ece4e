import {
  ANNOTATE_FIELDS,
  type JOB_TYPES,
  LIST_MAX_LIMIT,
  SELECT_ORIENTATION_FIELD,
} from '../api/assumptions.js';
import { JOB_STATUSES, type JobStatus } from '../api/statuses.js';
import { DomeInputError } from '../errors/job-errors.js';
import {
  BASE_URL_FORM,
  findBaseUrlProblem,
  normalizeBaseUrl,
  redactUrlCredentials,
} from './base-url.js';
import { type DomeClientOptions, PRODUCTION_BASE_URL } from './options.js';

/** Input of a drone footage job. */
export interface DroneFootageInput {
  /** Street address of the property, for example "123 Collins St, Melbourne VIC 3000". */
  address: string;
}

/** Input of an image enhancement job. */
export interface ImageEnhancementInput {
  /** http or https URL of the image to enhance. */
  imageUrl: string;
}

/** Input of a markup job. */
export interface MarkupInput {
  /** Street address of the property. */
  address: string;
}

/** The two images a person supplies at the annotation step. */
export interface AnnotationInput {
  /** The chosen image with the property boundary drawn on it: an http(s) or data URL. */
  annotatedImage: string;
  /** The same image without drawings: an http(s) or data URL. */
  cleanImage: string;
}

export type JobType = (typeof JOB_TYPES)[keyof typeof JOB_TYPES];

/** Filters and page of `GET /jobs`. */
export interface ListJobsQuery {
  status?: JobStatus | undefined;
  jobType?: JobType | string | undefined;
  /** Page size, 1 to 100. @default 50 */
  limit?: number | undefined;
  /** Number of jobs to skip. @default 0 */
  offset?: number | undefined;
}

/**
 * Checks the API key and base URL of {@link DomeClientOptions} and returns the base URL to
 * send to, without a trailing slash. The key never appears in the error message.
 */
export function requireClientTarget(options: DomeClientOptions): { baseUrl: string } {
  if (typeof options.apiKey !== 'string' || options.apiKey.trim() === '') {
    throw new DomeInputError(
      'apiKey',
      'Missing apiKey: expected a non-empty DomeAgent API key such as dome_live_..., for ' +
        'example read from DOME_API_KEY.',
    );
  }

  const baseUrl = options.baseUrl ?? PRODUCTION_BASE_URL;
  const problem = typeof baseUrl === 'string' ? findBaseUrlProblem(baseUrl) : 'not a string';
  if (problem !== undefined) {
    const displayed = typeof baseUrl === 'string' ? redactUrlCredentials(baseUrl) : String(baseUrl);
    throw new DomeInputError(
      'baseUrl',
      `Invalid baseUrl ${JSON.stringify(displayed)}: ${problem}. Expected ${BASE_URL_FORM}.`,
    );
  }
  return { baseUrl: normalizeBaseUrl(baseUrl) };
}

/** Checks an address and returns the request body. */
export function droneFootageBody(input: DroneFootageInput) {
  return { address: requireAddress(input.address) };
}

/** Checks an image URL and returns the request body. */
export function imageEnhancementBody(input: ImageEnhancementInput) {
  return { image_url: requireHttpUrl('imageUrl', input.imageUrl) };
}

/** Checks an address and returns the request body. */
export function markupBody(input: MarkupInput) {
  return { address: requireAddress(input.address) };
}

/** Checks an orientation key and returns the request body. */
export function selectBody(orientation: string) {
  if (typeof orientation !== 'string' || orientation.trim() === '') {
    throw new DomeInputError(
      'orientation',
      'Invalid orientation: expected a non-empty variant key.',
    );
  }
  return { [SELECT_ORIENTATION_FIELD]: orientation };
}

/** Checks the two annotation images and returns the request body. */
export function annotateBody(input: AnnotationInput) {
  return {
    [ANNOTATE_FIELDS.annotatedImage]: requireImageRef('annotatedImage', input.annotatedImage),
    [ANNOTATE_FIELDS.cleanImage]: requireImageRef('cleanImage', input.cleanImage),
  };
}

/** Checks list filters and returns the query parameters in the API's names. */
export function listJobsParams(query: ListJobsQuery) {
  if (query.status !== undefined && !JOB_STATUSES.includes(query.status)) {
    throw new DomeInputError(
      'status',
      `Invalid status ${JSON.stringify(query.status)}: expected one of ${JOB_STATUSES.join(', ')}.`,
    );
  }
  if (query.limit !== undefined) requireInteger('limit', query.limit, 1, LIST_MAX_LIMIT);
  if (query.offset !== undefined)
    requireInteger('offset', query.offset, 0, Number.MAX_SAFE_INTEGER);
  return {
    status: query.status,
    job_type: query.jobType,
    limit: query.limit,
    offset: query.offset,
  };
}

/** Checks a job id before it goes into a path. */
export function requireJobId(jobId: string): string {
  if (typeof jobId !== 'string' || jobId.trim() === '') {
    throw new DomeInputError('jobId', 'Invalid job id: expected a non-empty string.');
  }
  return jobId;
}

function requireAddress(address: string): string {
  if (typeof address !== 'string' || address.trim() === '') {
    throw new DomeInputError(
      'address',
      `Invalid address ${JSON.stringify(address)}: expected a street address such as ` +
        '"123 Collins St, Melbourne VIC 3000".',
    );
  }
  return address.trim();
}

/** Returns whether a string parses as an http or https URL. */
export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

function requireHttpUrl(field: string, value: string): string {
  if (typeof value !== 'string' || !isHttpUrl(value)) {
    throw new DomeInputError(
      field,
      `Invalid ${field} ${JSON.stringify(value)}: expected an http or https URL.`,
    );
  }
  return value;
}

const IMAGE_DATA_URL = /^data:image\/[a-z0-9.+-]+;base64,[A-Za-z0-9+/]+={0,2}$/i;

function requireImageRef(field: string, value: string): string {
  if (typeof value === 'string' && (isHttpUrl(value) || IMAGE_DATA_URL.test(value))) {
    return value;
  }
  const shown = typeof value === 'string' && value.length > 40 ? `${value.slice(0, 40)}...` : value;
  throw new DomeInputError(
    field,
    `Invalid ${field} ${JSON.stringify(shown)}: expected an http(s) URL or a ` +
      'data:image/...;base64 URL.',
  );
}

function requireInteger(field: string, value: number, min: number, max: number) {
  if (!Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `${min} to ${max}`;
    throw new DomeInputError(field, `Invalid ${field} ${value}: expected an integer ${range}.`);
  }
}
