/** Background jobs: in this process, or on BullMQ when several instances share Redis (queue.ts). */
export { JOB_NAMES } from './queue.js';
export type { BackgroundJobs, JobData, JobHandler, JobName, JobResults } from './queue.js';
export { InProcessJobs } from './memory-queue.js';
export { BullJobs, JOB_WAIT_MS } from './bull-queue.js';
export type { BullJobsOptions } from './bull-queue.js';
