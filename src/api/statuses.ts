import { z } from 'zod';

/** The five job statuses of the API, parsed once through this enum. */
export const JOB_STATUSES = ['queued', 'running', 'awaiting_input', 'completed', 'failed'] as const;

export const JobStatusSchema = z.enum(JOB_STATUSES);

export type JobStatus = z.infer<typeof JobStatusSchema>;

/** Statuses after which the server changes nothing more, except a markup video on request. */
export const TERMINAL_STATUSES: readonly JobStatus[] = ['completed', 'failed'];

/** Returns whether a status is `completed` or `failed`. */
export function isTerminalStatus(status: JobStatus): boolean {
  return TERMINAL_STATUSES.includes(status);
}
