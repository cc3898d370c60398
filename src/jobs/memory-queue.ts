/** Background jobs in this process (no REDIS_URL): see queue.ts. */
import { WenduError } from '../errors/index.js';
import type { BackgroundJobs, JobData, JobHandler, JobName, JobResults } from './queue.js';

export class InProcessJobs implements BackgroundJobs {
  private readonly handlers = new Map<JobName, JobHandler<JobName>>();
  /** Per job name, the chain of jobs: one of a kind at a time, in the order queued. */
  private readonly chains = new Map<JobName, Promise<unknown>>();
  private closed = false;

  async run<N extends JobName>(name: N, data: JobData[N]): Promise<JobResults[N]> {
    if (this.closed) throw new WenduError('WENDU_INTERNAL', { reason: 'job queue closed', job: name });
    // As over the wire: the job gets its own copy, and never runs on the caller's stack.
    const copy = JSON.parse(JSON.stringify(data)) as JobData[N];
    const previous = this.chains.get(name) ?? Promise.resolve();
    const job = previous.then(async () => {
      await new Promise((resolve) => setImmediate(resolve));
      const handler = this.handlers.get(name) as JobHandler<N> | undefined;
      if (!handler) throw new WenduError('WENDU_INTERNAL', { reason: 'no worker for job', job: name });
      return handler(copy);
    });
    this.chains.set(name, job.catch(() => undefined));
    return job;
  }

  async handle<N extends JobName>(name: N, handler: JobHandler<N>): Promise<void> {
    this.handlers.set(name, handler as unknown as JobHandler<JobName>);
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.chains.values()]);
  }
}
