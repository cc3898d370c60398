/**
 * The contract every BackgroundJobs implementation passes (like src/events/bus-contract.ts):
 * call `describeBackgroundJobs` from the implementation's test file. Test support only.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WenduError } from '../errors/index.js';
import type { ImportReport } from '../kb/index.js';
import type { BackgroundJobs, JobData } from './queue.js';

export interface BackgroundJobsFactory {
  create(): Promise<BackgroundJobs> | BackgroundJobs;
}

const importJob = (text: string): JobData['kb.import'] => ({
  workspaceId: 'ws-杭州店',
  fileBase64: Buffer.from(text).toString('base64'),
  format: 'csv',
  partial: false,
  actor: 'user:xiaomei',
});

export function describeBackgroundJobs(name: string, factory: BackgroundJobsFactory): void {
  describe(`background jobs contract: ${name}`, () => {
    let jobs: BackgroundJobs;
    beforeEach(async () => {
      jobs = await factory.create();
    });
    afterEach(async () => {
      await jobs.close();
    });

    it('runs a queued job with its data and resolves with its result', async () => {
      const seen: JobData['kb.import'][] = [];
      await jobs.handle('kb.import', async (data) => {
        seen.push(data);
        const rows = Buffer.from(data.fileBase64, 'base64').toString().trim().split('\n').length - 1;
        return { created: rows, updated: 0, skipped: 0, errors: [] };
      });
      const data = importJob('question,answer\n快递到哪了😭,亲，请提供订单号～\n發票怎麼開,在订单页申请哦\n');
      await expect(jobs.run('kb.import', data)).resolves.toEqual({ created: 2, updated: 0, skipped: 0, errors: [] } satisfies ImportReport);
      expect(seen).toEqual([data]);
      expect(seen[0]).not.toBe(data);
    });

    it('never runs a job on the caller’s stack', async () => {
      let ran = false;
      await jobs.handle('kb.import', async () => {
        ran = true;
        return { created: 0, updated: 0, skipped: 0, errors: [] };
      });
      const running = jobs.run('kb.import', importJob('question,answer\n'));
      expect(ran).toBe(false);
      await running;
      expect(ran).toBe(true);
    });

    it('rejects with the job’s WenduError, code and details kept', async () => {
      const errors = [{ row: 2, column: 'answer', reason: '答案不能为空' }];
      await jobs.handle('kb.import', async () => {
        throw new WenduError('WENDU_IMPORT_INVALID', { errors });
      });
      const failure = await jobs.run('kb.import', importJob('question,answer\n在吗,\n')).catch((err: unknown) => err);
      expect(failure).toBeInstanceOf(WenduError);
      expect((failure as WenduError).code).toBe('WENDU_IMPORT_INVALID');
      expect((failure as WenduError).details).toEqual({ errors });
    });

    it('runs every job queued at once, each exactly once', async () => {
      const ran: string[] = [];
      await jobs.handle('kb.import', async (data) => {
        ran.push(data.actor);
        return { created: 1, updated: 0, skipped: 0, errors: [] };
      });
      const actors = ['user:a', 'user:b', 'user:c', 'user:d'];
      await Promise.all(actors.map((actor) => jobs.run('kb.import', { ...importJob('question,answer\n'), actor })));
      expect(ran.sort()).toEqual(actors);
    });

    it('refuses new jobs after close', async () => {
      await jobs.close();
      await expect(jobs.run('kb.import', importJob('question,answer\n'))).rejects.toThrow();
    });
  });
}
