import { z } from 'zod';
import { JobStatusSchema } from './statuses.js';

const Timestamp = z.iso.datetime({ offset: true });

/**
 * A job resource as `GET /jobs/{id}`, `GET /markup/jobs/{id}` and `GET /jobs` return it.
 *
 * Strict on the fields the library reads and loose on the rest, so a field the API adds later
 * passes through untouched. `output` is kept as a record here and parsed per job type by the
 * machines, because its shape depends on both the type and the status.
 */
export const JobSchema = z.looseObject({
  id: z.string().min(1),
  job_type: z.string().min(1),
  status: JobStatusSchema,
  input: z.record(z.string(), z.unknown()).nullish(),
  output: z.record(z.string(), z.unknown()).nullish(),
  created_at: Timestamp,
  updated_at: Timestamp,
  completed_at: Timestamp.nullish(),
});

export type Job = z.infer<typeof JobSchema>;

/**
 * The 202 acknowledgement of a submission: the id is `job_id` here but `id` on the resource.
 */
export const JobAcceptedSchema = z.looseObject({
  job_id: z.string().min(1),
  status: JobStatusSchema,
});

export type JobAccepted = z.infer<typeof JobAcceptedSchema>;
