import { DEFAULT_WORKSPACE_ID } from '../auth/access.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isWenduError } from '../errors/index.js';
import { TEST_BACKENDS, type TestDatabase } from '../store/testing.js';
import { readFlowFiles } from './demo-files.js';
import { findTrigger } from './triggers.js';
import type { FlowInput } from './schemas.js';
import { describeVersionedDocuments } from '../store/versioned-documents-contract.js';
import { FLOW_DOCUMENTS } from './repository.js';
import { type FlowChange, FlowService } from './service.js';
import { parseFlowInput } from './validate.js';

/** A clock that moves one minute per call, so every write has a distinct, predictable time. */
function steppingClock(start = Date.parse('2026-11-25T01:00:00.000Z')) {
  let t = start;
  return () => new Date((t += 60_000));
}

const text = (t: string) => [{ type: 'text' as const, text: t }];
const INVOICE_FLOW: FlowInput = {
  id: 'invoice-title',
  name: '修改发票抬头',
  trigger: { keywords: ['发票抬头', '改抬头'] },
  start: 'ask',
  nodes: {
    ask: { kind: 'ask', slot: 'title', prompt: text('新的发票抬头是？'), validate: { kind: 'any' }, next: 'done' },
    done: { kind: 'end', content: text('好的，已改为「{{title}}」') },
  },
};

const codeOf = (err: unknown) => (isWenduError(err) ? err.code : undefined);

// The versioning rules themselves: the one suite shared with knowledge entries.
describeVersionedDocuments('flows', {
  kind: FLOW_DOCUMENTS,
  sample: (id) => parseFlowInput({ ...INVOICE_FLOW, id }),
  edit: (flow) => parseFlowInput({ ...flow, name: '发票抬头修改（新版）' }),
});

describe.each(TEST_BACKENDS)('FlowService on $name', (backend) => {
  let database: TestDatabase;
  let flows: FlowService;
  let changes: FlowChange[];

  beforeEach(async () => {
    database = await backend.open();
    flows = new FlowService(database, { workspaceId: DEFAULT_WORKSPACE_ID, now: steppingClock() });
    changes = [];
    flows.onChange((c) => changes.push(c));
  });
  afterEach(() => database.dispose());

  it('creates version 1 with defaults filled, and refuses a duplicate id', async () => {
    const flow = await flows.create(INVOICE_FLOW, '运营-小张');
    expect(flow).toMatchObject({ id: 'invoice-title', version: 1, status: 'published', updatedBy: '运营-小张', createdAt: '2026-11-25T01:01:00.000Z' });
    expect(flow.settings.maxVisitsPerNode).toBe(3);
    expect(await flows.get('invoice-title')).toEqual(flow);
    expect(changes).toEqual([{ ids: ['invoice-title'] }]);
    await expect(flows.create(INVOICE_FLOW, 'x')).rejects.toSatisfy((e) => codeOf(e) === 'WENDU_FLOW_CONFLICT');
  });

  it('refuses an invalid flow with the node path and writes nothing', async () => {
    const broken = { ...INVOICE_FLOW, nodes: { ...INVOICE_FLOW.nodes, ask: { ...INVOICE_FLOW.nodes.ask, next: 'confirm' } } } as FlowInput;
    const err = await flows.create(broken, 'x').catch((e: unknown) => e);
    expect(codeOf(err)).toBe('WENDU_FLOW_INVALID');
    expect((err as { details: { issues: Array<{ path: string }> } }).details.issues.map((i) => i.path)).toContain('nodes.ask.next');
    expect((await flows.list()).total).toBe(0);
  });

  it('versions every change, skips no-op updates, archives and restores as new versions', async () => {
    await flows.create(INVOICE_FLOW, '小张');
    const renamed = await flows.update('invoice-title', { ...INVOICE_FLOW, name: '发票抬头修改', settings: { maxVisitsPerNode: 5 } }, '小李');
    expect(renamed).toMatchObject({ version: 2, name: '发票抬头修改', updatedBy: '小李' });
    expect(renamed.settings.maxVisitsPerNode).toBe(5);
    const same = await flows.update('invoice-title', { ...INVOICE_FLOW, name: '发票抬头修改', settings: { maxVisitsPerNode: 5 } }, '小李');
    expect(same.version).toBe(2);

    const archived = await flows.archive('invoice-title', '小王');
    expect(archived).toMatchObject({ version: 3, status: 'archived' });
    expect((await flows.list()).items).toEqual([]);
    expect((await flows.list({ status: 'all' })).total).toBe(1);
    expect(await flows.listPublished()).toEqual([]);

    const restored = await flows.restoreVersion('invoice-title', 1, '小张');
    expect(restored).toMatchObject({ version: 4, status: 'published', name: '修改发票抬头' });
    expect(restored.settings.maxVisitsPerNode).toBe(3);
    const history = await flows.versions('invoice-title');
    expect(history.map((v) => [v.version, v.change, v.changedBy])).toEqual([
      [4, 'restored', '小张'],
      [3, 'archived', '小王'],
      [2, 'updated', '小李'],
      [1, 'created', '小张'],
    ]);
    expect(history[2].snapshot.name).toBe('发票抬头修改');
    expect(changes).toHaveLength(4);
  });

  it('keeps the published flows between turns and reads them again after any change, here or elsewhere', async () => {
    expect(await flows.listPublished()).toEqual([]);
    await flows.create(INVOICE_FLOW, '运营-小张');
    expect((await flows.listPublished()).map((f) => f.id)).toEqual(['invoice-title']);
    await flows.update('invoice-title', { ...INVOICE_FLOW, name: '改發票抬頭' }, '运营-小张');
    expect((await flows.listPublished()).map((f) => f.name)).toEqual(['改發票抬頭']);
    expect((await flows.get('invoice-title')).name).toBe('改發票抬頭');
    await flows.archive('invoice-title', '运营-小张');
    expect(await flows.listPublished()).toEqual([]);
    expect((await flows.get('invoice-title')).status).toBe('archived');

    // Another process (wendu import, a second instance) writes the same database; the bus tells this one.
    const elsewhere = new FlowService(database, { workspaceId: DEFAULT_WORKSPACE_ID, now: steppingClock(Date.parse('2026-11-26T01:00:00.000Z')) });
    await elsewhere.restoreVersion('invoice-title', 2, '另一台-运营');
    flows.changedElsewhere({ ids: ['invoice-title'] });
    expect((await flows.listPublished()).map((f) => [f.id, f.name])).toEqual([['invoice-title', '改發票抬頭']]);
    expect(changes.at(-1)).toEqual({ ids: ['invoice-title'] });
  });

  it('reports unknown flows and versions', async () => {
    await expect(flows.get('nope')).rejects.toSatisfy((e) => codeOf(e) === 'WENDU_FLOW_NOT_FOUND');
    await expect(flows.versions('nope')).rejects.toSatisfy((e) => codeOf(e) === 'WENDU_FLOW_NOT_FOUND');
    await flows.create(INVOICE_FLOW, 'x');
    await expect(flows.restoreVersion('invoice-title', 9, 'x')).rejects.toSatisfy((e) => codeOf(e) === 'WENDU_VERSION_NOT_FOUND');
    await expect(flows.update('invoice-title', { ...INVOICE_FLOW, id: 'other' }, 'x')).rejects.toSatisfy((e) => codeOf(e) === 'WENDU_FLOW_INVALID');
  });

  it('never shows or changes another workspace’s flows; the same id may exist in both', async () => {
    const shopB = new FlowService(database, { workspaceId: 'shop-b' });
    await flows.create(INVOICE_FLOW, '小张');
    expect(await shopB.list({ status: 'all' })).toEqual({ items: [], total: 0 });
    expect(await shopB.listPublished()).toEqual([]);
    for (const attempt of [
      () => shopB.get('invoice-title'),
      () => shopB.versions('invoice-title'),
      () => shopB.update('invoice-title', { ...INVOICE_FLOW, name: '改抬头（钓鱼版）' }, 'mallory'),
      () => shopB.archive('invoice-title', 'mallory'),
      () => shopB.restoreVersion('invoice-title', 1, 'mallory'),
    ]) {
      await expect(attempt()).rejects.toSatisfy((e) => codeOf(e) === 'WENDU_FLOW_NOT_FOUND');
    }
    expect(await shopB.seed([INVOICE_FLOW], 'demo')).toEqual(['invoice-title']);
    expect((await flows.get('invoice-title')).version).toBe(1);
    expect((await shopB.get('invoice-title')).updatedBy).toBe('demo');
  });

  it('seeds the demo flows once; the stored flows trigger like the files', async () => {
    const files = await readFlowFiles();
    expect(files.map((f) => f.id)).toEqual(['order-status', 'return-request']);
    expect(await flows.seed(files, 'demo')).toEqual(['order-status', 'return-request']);
    expect(await flows.seed(files, 'demo')).toEqual([]);
    const published = await flows.listPublished();
    expect(findTrigger(published, { text: '帮我查下订单呗' })?.id).toBe('order-status');
    expect(findTrigger(published, { text: '我要退货！！' })?.id).toBe('return-request');
    // Survives a restart: the definition round-trips through the database unchanged.
    const reopened = await database.reopen();
    try {
      expect((await new FlowService(reopened, { workspaceId: DEFAULT_WORKSPACE_ID }).get('return-request')).nodes).toEqual(files[1].nodes);
    } finally {
      await reopened.close();
    }
  });
});
