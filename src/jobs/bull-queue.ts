/**
 * Background jobs on BullMQ (REDIS_URL set): see queue.ts. One BullMQ queue per job name under
 * the deployment's Redis prefix. A failed job's WenduError crosses Redis as JSON in the failure
 * reason and is rebuilt for the caller, so an import with bad rows still answers 422 with them.
 */
import type { ConnectionOptions, Queue, QueueEvents, Worker } from 'bullmq';
import { ERRORS, isWenduError, WenduError, type ErrorCode } from '../errors/index.js';
import { REDIS_RECONNECT } from '../store/redis-reconnect.js';
import type { BackgroundJobs, JobData, JobHandler, JobName, JobResults } from './queue.js';

/** How long a caller waits for a queued job (an import of the largest allowed file, on a busy worker). */
export const JOB_WAIT_MS = 5 * 60_000;
/** Finished jobs kept in Redis for inspection (their data may hold a whole file). */
const KEEP_FINISHED_JOBS = 100;
/** Marks a failure reason that carries a WenduError. */
const WENDU_ERROR_MARK = 'wendu-error:';
/**
 * BullMQ is loaded when the first queue or worker opens: loading it costs about 0.3 s of CPU, and
 * a server without REDIS_URL (the default, and most test suites) never uses it.
 */
const loadBullMq = () => import('bullmq');

export interface BullJobsOptions {
  url: string;
  /** BullMQ's key prefix; every instance of a deployment shares it. */
  prefix: string;
}

export class BullJobs implements BackgroundJobs {
  private readonly queues = new Map<JobName, { queue: Queue; events: QueueEvents }>();
  private readonly workers: Worker[] = [];
  private readonly connection: ConnectionOptions;
  private closed = false;

  constructor(private readonly options: BullJobsOptions) {
    const url = new URL(options.url);
    this.connection = {
      host: url.hostname,
      port: Number(url.port || 6379),
      ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
      ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
      ...(url.pathname.length > 1 ? { db: Number(url.pathname.slice(1)) } : {}),
      ...(url.protocol === 'rediss:' ? { tls: {} } : {}),
      // BullMQ's blocking commands must wait out a Redis restart instead of failing.
      maxRetriesPerRequest: null,
      ...REDIS_RECONNECT,
    };
  }

  async run<N extends JobName>(name: N, data: JobData[N]): Promise<JobResults[N]> {
    if (this.closed) throw new WenduError('WENDU_INTERNAL', { reason: 'job queue closed', job: name });
    const { queue, events } = await this.queueOf(name);
    const job = await queue.add(name, data, { removeOnComplete: KEEP_FINISHED_JOBS, removeOnFail: KEEP_FINISHED_JOBS });
    try {
      return (await job.waitUntilFinished(events, JOB_WAIT_MS)) as JobResults[N];
    } catch (err) {
      throw rebuildError(err);
    }
  }

  async handle<N extends JobName>(name: N, handler: JobHandler<N>): Promise<void> {
    const { Worker } = await loadBullMq();
    const worker = new Worker(
      queueName(name),
      async (job) => {
        try {
          return await handler(job.data as JobData[N]);
        } catch (err) {
          if (isWenduError(err)) throw new Error(WENDU_ERROR_MARK + JSON.stringify({ code: err.code, details: err.details }));
          throw err;
        }
      },
      { connection: this.connection, prefix: this.options.prefix },
    );
    // Failures reach the caller through waitUntilFinished; without a listener a worker error would be unhandled.
    worker.on('error', () => {});
    this.workers.push(worker);
    await worker.waitUntilReady();
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.workers.map((worker) => worker.close()));
    for (const { queue, events } of this.queues.values()) {
      await events.close();
      await queue.close();
    }
  }

  private async queueOf(name: JobName): Promise<{ queue: Queue; events: QueueEvents }> {
    // Loaded before the look-up: no await between finding no queue and storing the new one.
    const { Queue, QueueEvents } = await loadBullMq();
    let opened = this.queues.get(name);
    if (!opened) {
      const queue = new Queue(queueName(name), { connection: this.connection, prefix: this.options.prefix });
      const events = new QueueEvents(queueName(name), { connection: this.connection, prefix: this.options.prefix });
      opened = { queue, events };
      this.queues.set(name, opened);
      // Completion events are read from now on: a job added after this is never missed.
      await events.waitUntilReady();
    }
    return opened;
  }
}

/** BullMQ queue names may not contain ':' (its key separator). */
function queueName(name: JobName): string {
  return name.replace(/[:.]/g, '-');
}

function rebuildError(err: unknown): Error {
  const message = err instanceof Error ? err.message : String(err);
  const at = message.indexOf(WENDU_ERROR_MARK);
  if (at < 0) return err instanceof Error ? err : new Error(message);
  const { code, details } = JSON.parse(message.slice(at + WENDU_ERROR_MARK.length)) as { code: string; details: unknown };
  return code in ERRORS ? new WenduError(code as ErrorCode, details) : new WenduError('WENDU_INTERNAL', { reason: message });
}
