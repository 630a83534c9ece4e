import { z } from 'zod';
import { MARKUP_STEP_RESPONSE_STATUS } from '../api/assumptions.js';
import { PaginationSchema, successEnvelope } from '../api/envelope.js';
import { type Job, type JobAccepted, JobAcceptedSchema, JobSchema } from '../api/job.js';
import { paths } from '../api/paths.js';
import {
  type AnnotationInput,
  annotateBody,
  type DroneFootageInput,
  droneFootageBody,
  type ImageEnhancementInput,
  imageEnhancementBody,
  type ListJobsQuery,
  listJobsParams,
  type MarkupInput,
  markupBody,
  requireClientTarget,
  requireJobId,
  selectBody,
} from './inputs.js';
import type { DomeClientOptions } from './options.js';
import { type ApiRequest, createTransport } from './transport.js';

/** Per-call options. */
export interface CallOptions {
  /** Aborts the request; the promise then rejects with the signal's reason. */
  signal?: AbortSignal | undefined;
}

/** One page of `GET /jobs`. */
export interface JobPage {
  jobs: Job[];
  total: number;
  limit: number;
  offset: number;
  hasMore: boolean;
}

const AcceptedEnvelope = successEnvelope(JobAcceptedSchema);
const JobEnvelope = successEnvelope(JobSchema);
const ListEnvelope = successEnvelope(z.array(JobSchema)).extend({ pagination: PaginationSchema });

/** A client for the DomeAgent Enterprise API with one method per endpoint. */
export interface DomeClient {
  /** Versioned base URL the client sends to. */
  readonly baseUrl: string;
  /** `POST /drone-footage/generate`: submits a drone footage job. */
  submitDroneFootage(input: DroneFootageInput, options?: CallOptions): Promise<JobAccepted>;
  /** Submits an image enhancement job. */
  submitImageEnhancement(input: ImageEnhancementInput, options?: CallOptions): Promise<JobAccepted>;
  /** `POST /markup/generate`: starts a markup job. */
  startMarkup(input: MarkupInput, options?: CallOptions): Promise<JobAccepted>;
  /** `GET /jobs/{id}`: reads a job of any type. */
  getJob(jobId: string, options?: CallOptions): Promise<Job>;
  /** `GET /markup/jobs/{id}`: reads a markup job. */
  getMarkupJob(jobId: string, options?: CallOptions): Promise<Job>;
  /** `POST /markup/jobs/{id}/select`: picks one of the offered orientation variants. */
  selectOrientation(jobId: string, orientation: string, options?: CallOptions): Promise<Job>;
  /** `POST /markup/jobs/{id}/annotate`: sends the annotated and clean images. */
  annotate(jobId: string, images: AnnotationInput, options?: CallOptions): Promise<Job>;
  /** `POST /markup/jobs/{id}/video`: requests the cinematic video of a completed markup job. */
  requestVideo(jobId: string, options?: CallOptions): Promise<Job>;
  /** `GET /jobs`: reads one page of jobs. */
  listJobs(query?: ListJobsQuery, options?: CallOptions): Promise<JobPage>;
  /** Iterates over every job that matches the filters, one page request at a time. */
  iterateJobs(query?: Omit<ListJobsQuery, 'offset'>, options?: CallOptions): AsyncGenerator<Job>;
}

/**
 * Creates a client. The API key goes in the `X-API-Key` header of every request. Throws a
 * `DomeInputError` naming the option when `apiKey` is blank or `baseUrl` is not an http(s)
 * URL ending in `/v1`.
 */
export function createDomeClient(options: DomeClientOptions): DomeClient {
  const transport = createTransport({ ...options, ...requireClientTarget(options) });

  async function data<T>(request: ApiRequest<{ data: T }>): Promise<T> {
    return (await transport.send(request)).data;
  }

  function submit(path: string, json: unknown, call?: CallOptions) {
    return data({
      method: 'POST',
      path,
      json,
      schema: AcceptedEnvelope,
      expectedStatus: 202,
      signal: call?.signal,
    });
  }

  function readJob(path: string, jobId: string, call?: CallOptions) {
    return data({
      method: 'GET',
      path,
      jobId,
      schema: JobEnvelope,
      expectedStatus: 200,
      signal: call?.signal,
    });
  }

  function markupStep(path: string, jobId: string, json: unknown, call?: CallOptions) {
    return data({
      method: 'POST',
      path,
      jobId,
      json,
      schema: JobEnvelope,
      expectedStatus: MARKUP_STEP_RESPONSE_STATUS,
      signal: call?.signal,
    });
  }

  async function listJobs(query: ListJobsQuery = {}, call?: CallOptions): Promise<JobPage> {
    const body = await transport.send({
      method: 'GET',
      path: paths.jobs(),
      searchParams: listJobsParams(query),
      schema: ListEnvelope,
      expectedStatus: 200,
      signal: call?.signal,
    });
    return {
      jobs: body.data,
      total: body.pagination.total,
      limit: body.pagination.limit,
      offset: body.pagination.offset,
      hasMore: body.pagination.has_more,
    };
  }

  async function* iterateJobs(query: Omit<ListJobsQuery, 'offset'> = {}, call?: CallOptions) {
    let offset = 0;
    for (;;) {
      const page = await listJobs({ ...query, offset }, call);
      yield* page.jobs;
      // An empty page ends the loop even if has_more is wrong, so a bad server cannot make it spin.
      if (!page.hasMore || page.jobs.length === 0) return;
      offset += page.jobs.length;
    }
  }

  return {
    baseUrl: transport.baseUrl,
    submitDroneFootage: async (input, call) =>
      submit(paths.droneFootage(), droneFootageBody(input), call),
    submitImageEnhancement: async (input, call) =>
      submit(paths.imageEnhancement(), imageEnhancementBody(input), call),
    startMarkup: async (input, call) => submit(paths.markup(), markupBody(input), call),
    getJob: async (jobId, call) => readJob(paths.job(requireJobId(jobId)), jobId, call),
    getMarkupJob: async (jobId, call) => readJob(paths.markupJob(requireJobId(jobId)), jobId, call),
    selectOrientation: async (jobId, orientation, call) =>
      markupStep(paths.markupSelect(requireJobId(jobId)), jobId, selectBody(orientation), call),
    annotate: async (jobId, images, call) =>
      markupStep(paths.markupAnnotate(requireJobId(jobId)), jobId, annotateBody(images), call),
    requestVideo: async (jobId, call) =>
      markupStep(paths.markupVideo(requireJobId(jobId)), jobId, {}, call),
    listJobs,
    iterateJobs,
  };
}
