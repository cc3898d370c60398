import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { TEST_REDIS_URL, uniqueRedisPrefix } from '../events/testing.js';
import { BullJobs } from './bull-queue.js';
import { describeBackgroundJobs } from './jobs-contract.js';

const prefixes: string[] = [];
const open = (prefix = uniqueRedisPrefix('jobs')) => {
  prefixes.push(prefix);
  return new BullJobs({ url: TEST_REDIS_URL, prefix });
};

afterAll(async () => {
  const redis = new Redis(TEST_REDIS_URL);
  for (const prefix of prefixes) {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
  }
  await redis.quit();
});

describeBackgroundJobs('BullMQ', { create: () => open() });

describe('BullJobs specifics', () => {
  it('a job queued on an instance without workers is done by another instance’s worker', async () => {
    const prefix = uniqueRedisPrefix('jobs');
    const web = open(prefix);
    const worker = open(prefix);
    const ranOn: string[] = [];
    await worker.handle('kb.import', async (data) => {
      ranOn.push(`worker:${data.workspaceId}`);
      return { created: 3000, updated: 0, skipped: 0, errors: [] };
    });
    const report = await web.run('kb.import', { workspaceId: 'ws-大促', fileBase64: '', format: 'xlsx', partial: true, actor: 'user:ops' });
    expect(report.created).toBe(3000);
    expect(ranOn).toEqual(['worker:ws-大促']);
    await web.close();
    await worker.close();
  });
});
