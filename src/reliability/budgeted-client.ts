import type { CallOptions, DomeClient } from '../client/client.js';
import type { ListJobsQuery } from '../client/inputs.js';
import type { RequestBudget } from './request-budget.js';

/**
 * Returns a client that waits for a slot of `budget` before each request. Build every job
 * machine of one API key on the returned client, and together they stay within the plan's
 * rate limit. Aborting a call's signal while it waits sends nothing.
 */
export function withRequestBudget(client: DomeClient, budget: RequestBudget): DomeClient {
  async function withSlot<T>(call: CallOptions | undefined, send: () => Promise<T>): Promise<T> {
    await budget.acquire(call?.signal);
    return send();
  }

  const budgeted: DomeClient = {
    baseUrl: client.baseUrl,
    submitDroneFootage: (input, call) =>
      withSlot(call, () => client.submitDroneFootage(input, call)),
    submitImageEnhancement: (input, call) =>
      withSlot(call, () => client.submitImageEnhancement(input, call)),
    startMarkup: (input, call) => withSlot(call, () => client.startMarkup(input, call)),
    getJob: (jobId, call) => withSlot(call, () => client.getJob(jobId, call)),
    getMarkupJob: (jobId, call) => withSlot(call, () => client.getMarkupJob(jobId, call)),
    selectOrientation: (jobId, orientation, call) =>
      withSlot(call, () => client.selectOrientation(jobId, orientation, call)),
    annotate: (jobId, images, call) => withSlot(call, () => client.annotate(jobId, images, call)),
    requestVideo: (jobId, call) => withSlot(call, () => client.requestVideo(jobId, call)),
    listJobs: (query, call) => withSlot(call, () => client.listJobs(query, call)),
    // Rebuilt on the budgeted listJobs, so every page request waits for its own slot.
    async *iterateJobs(query: Omit<ListJobsQuery, 'offset'> = {}, call?: CallOptions) {
      let offset = 0;
      for (;;) {
        const page = await budgeted.listJobs({ ...query, offset }, call);
        yield* page.jobs;
        if (!page.hasMore || page.jobs.length === 0) return;
        offset += page.jobs.length;
      }
    },
  };
  return budgeted;
}
