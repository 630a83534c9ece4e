import { IMAGE_ENHANCEMENT_PATH } from './assumptions.js';

/**
 * Endpoint paths relative to the versioned base URL (which already ends in `/v1`). Job ids are
 * URL-encoded here so that no caller can build a path by hand.
 */
export const paths = {
  droneFootage: () => 'drone-footage/generate',
  imageEnhancement: () => IMAGE_ENHANCEMENT_PATH,
  markup: () => 'markup/generate',
  jobs: () => 'jobs',
  job: (jobId: string) => `jobs/${encodeURIComponent(jobId)}`,
  markupJob: (jobId: string) => `markup/jobs/${encodeURIComponent(jobId)}`,
  markupSelect: (jobId: string) => `markup/jobs/${encodeURIComponent(jobId)}/select`,
  markupAnnotate: (jobId: string) => `markup/jobs/${encodeURIComponent(jobId)}/annotate`,
  markupVideo: (jobId: string) => `markup/jobs/${encodeURIComponent(jobId)}/video`,
} as const;
