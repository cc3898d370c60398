/**
 * Background work: jobs that take long (imports now; self-calibration, exports and clustering
 * later) run off the request that asked for them. One interface, two implementations, one
 * contract suite (jobs-contract.ts), like the event bus:
 *
 * - in-process (memory-queue.ts), without REDIS_URL: the job runs in this process on a later
 *   turn of the event loop, one job of a kind at a time;
 * - BullMQ (bull-queue.ts), with REDIS_URL: the job goes into Redis and whichever instance runs
 *   workers takes it — with a worker-only instance (deploy/compose.yaml) a large import never
 *   competes with answers on the instance that received the upload.
 *
 * `run` resolves with the job's result or rejects with its WenduError (code and details kept),
 * so a route can still answer with the report of an import it handed over.
 */
import type { ImportFormat, ImportReport } from '../kb/index.js';

export const JOB_NAMES = ['kb.import'] as const;
export type JobName = (typeof JOB_NAMES)[number];

export interface JobData {
  /** A knowledge file to import into a workspace; the file travels base64-encoded (JSON job data). */
  'kb.import': { workspaceId: string; fileBase64: string; format: ImportFormat; partial: boolean; actor: string };
}

export interface JobResults {
  'kb.import': ImportReport;
}

export type JobHandler<N extends JobName> = (data: JobData[N]) => Promise<JobResults[N]>;

export interface BackgroundJobs {
  /** Queues the job and resolves with its result (rejects with its error). */
  run<N extends JobName>(name: N, data: JobData[N]): Promise<JobResults[N]>;
  /** Takes jobs of this name in this process (an instance without workers never calls it). */
  handle<N extends JobName>(name: N, handler: JobHandler<N>): Promise<void>;
  /** Stops taking jobs (the one running finishes) and releases connections. */
  close(): Promise<void>;
}
