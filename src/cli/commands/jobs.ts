import type { Job } from '../../api/job.js';
import type { JobStatus } from '../../api/statuses.js';
import { UsageError } from '../cli-errors.js';
import type { Connection } from '../connect.js';
import { formatJobDetails, formatJobsTable } from '../format.js';
import { type CliIo, printLine } from '../io.js';

/** Options of `dome-flows jobs list`. */
export interface ListJobsCommandOptions {
  status?: JobStatus | undefined;
  jobType?: string | undefined;
  limit?: number | undefined;
  offset?: number | undefined;
  /** Reads every page instead of one. */
  all?: boolean | undefined;
  /** Prints one JSON array instead of a table or JSON lines. */
  json?: boolean | undefined;
}

/**
 * Lists jobs: a table when stdout is a terminal, one JSON object per line when it is not, and
 * one JSON array with `--json`.
 */
export async function listJobsCommand(
  io: CliIo,
  connectApi: () => Connection,
  options: ListJobsCommandOptions,
): Promise<void> {
  if (options.all && options.offset !== undefined) {
    throw new UsageError('--all reads every page from the start: drop --offset or --all.');
  }
  const { client } = connectApi();

  const filters = { status: options.status, jobType: options.jobType, limit: options.limit };
  const asTable = !options.json && io.stdout.isTTY === true;

  if (options.all) {
    const jobs: Job[] = [];
    for await (const job of client.iterateJobs(filters)) {
      if (options.json || asTable) jobs.push(job);
      else printLine(io, JSON.stringify(job));
    }
    if (options.json) printLine(io, JSON.stringify(jobs, null, 2));
    if (asTable) printTable(io, jobs, `${jobs.length} jobs`);
    return;
  }

  const page = await client.listJobs({ ...filters, offset: options.offset });
  if (options.json) {
    printLine(io, JSON.stringify(page.jobs, null, 2));
  } else if (asTable) {
    const first = page.jobs.length === 0 ? page.offset : page.offset + 1;
    const last = page.offset + page.jobs.length;
    const more = page.hasMore ? `; next page: --offset ${last}, or --all for every page` : '';
    printTable(io, page.jobs, `jobs ${first}-${last} of ${page.total}${more}`);
  } else {
    for (const job of page.jobs) printLine(io, JSON.stringify(job));
  }
}

function printTable(io: CliIo, jobs: readonly Job[], footer: string) {
  if (jobs.length > 0) {
    for (const line of formatJobsTable(jobs)) printLine(io, line);
  } else {
    printLine(io, 'No jobs match.');
  }
  printLine(io, footer);
}

/**
 * Prints one job: a readable summary on a terminal, JSON otherwise or with `--json`.
 */
export async function getJobCommand(
  io: CliIo,
  connectApi: () => Connection,
  jobId: string,
  options: { json?: boolean | undefined },
): Promise<void> {
  if (jobId.trim() === '') {
    throw new UsageError(
      `Invalid JOB_ID ${JSON.stringify(jobId)}: expected the id of a job, as printed when it ` +
        'was submitted.',
    );
  }
  const job = await connectApi().client.getJob(jobId.trim());
  if (options.json || io.stdout.isTTY !== true) {
    printLine(io, JSON.stringify(job, null, 2));
    return;
  }
  for (const line of formatJobDetails(job)) printLine(io, line);
}
