/**
 * A mixed cluster's stray phrasings are held out of an attach (src/learning/actions.ts,
 * `phrasingsFor`): lexical clustering groups 怎麼換貨 with 發票怎麼開 and 怎麼投訴 (they share only
 * 怎么), and attached whole to the exchange entry the two strays would become its learned
 * questions. A phrasing the bot answers directly with another entry is left out and listed
 * (`heldOut`) — unless a customer disputed that answer (👎), and never when the supervisor names
 * the phrasings. The real demo bot and inbox on SQLite.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_WORKSPACE_ID } from '../auth/access.js';
import { DEMO_MEASURED_AT, openDemoBot, type DemoBot } from '../dialog/testing.js';
import { ClusterActions } from './actions.js';
import { UnresolvedInbox, type UnresolvedReason } from './inbox.js';

const EXCHANGE = 'shop-exchange-process';
/** Customers' wordings of the exchange entry (the demo answers none of them with another entry). */
const OWN = ['怎麼換貨', '换货咋弄'];
/** Strays sharing only 怎么 with them, each answered directly by the demo with its own entry. */
const STRAYS = [
  { text: '怎麼投訴', entryId: 'shop-complaint-channel' },
  { text: '發票怎麼開', entryId: 'shop-invoice-how' },
];

describe('attaching a mixed cluster', () => {
  let demo: DemoBot;
  let at = DEMO_MEASURED_AT.getTime();

  beforeAll(async () => {
    demo = await openDemoBot({ at: DEMO_MEASURED_AT });
  }, 120_000);
  afterAll(async () => demo.dispose());

  /** A fresh workspace's inbox holding the phrasings (one conversation each, a second apart); the cluster of the first. */
  async function clusterOf(phrasings: ReadonlyArray<{ text: string; reason?: UnresolvedReason }>, workspaceId: string) {
    const inbox = new UnresolvedInbox(demo.database, { workspaceId, now: () => new Date((at += 1000)) });
    for (const [i, { text, reason = 'fallback' }] of phrasings.entries()) await inbox.recordUnresolved({ botId: 'demo', conversationId: `${workspaceId}-${i}`, reason, channel: 'web', text });
    const clusters = await inbox.list();
    expect(clusters, 'the strays cluster with the exchange wordings').toHaveLength(1);
    return { inbox, cluster: clusters[0], actions: new ClusterActions({ inbox, knowledge: demo.knowledge, bot: demo.bot, database: demo.database }) };
  }

  it('the demo answers the strays with their own entries, and the exchange wordings with no other entry', async () => {
    for (const { text, entryId } of STRAYS) expect(await demo.bot.decide({ text }), text).toMatchObject({ action: 'answer', entryId });
    for (const text of OWN) {
      const d = await demo.bot.decide({ text });
      expect(d.action === 'answer' && d.entryId !== EXCHANGE, text).toBe(false);
    }
  });

  it('holds the strays out of the attach and lists them; the entry learns its own wordings only', async () => {
    const { actions, cluster } = await clusterOf([...OWN, ...STRAYS].map((p) => ({ text: typeof p === 'string' ? p : p.text })), DEFAULT_WORKSPACE_ID);
    const trial = await actions.apply(cluster.id, { action: 'add_similar', entryId: EXCHANGE }, 'supervisor', { dryRun: true });
    expect(trial.heldOut).toEqual(expect.arrayContaining(STRAYS));
    expect(trial.heldOut).toHaveLength(STRAYS.length);
    const done = await actions.apply(cluster.id, { action: 'add_similar', entryId: EXCHANGE }, 'supervisor');
    expect(done.heldOut).toHaveLength(STRAYS.length);
    const learned = (await demo.knowledge.get(EXCHANGE)).learnedQuestions;
    for (const { text } of STRAYS) expect(learned.some((q) => text.includes(q) || q.includes(text)), text).toBe(false);
    expect(learned.length).toBeGreaterThan(0);
    // The strays keep their own answers.
    await demo.bot.ready();
    for (const { text, entryId } of STRAYS) expect(await demo.bot.decide({ text }), text).toMatchObject({ action: 'answer', entryId });
  }, 120_000);

  it('keeps a stray whose answer a customer disputed (👎), and the phrasings the supervisor names', async () => {
    const disputed = await clusterOf([...OWN.map((text) => ({ text })), { text: STRAYS[1].text, reason: 'thumbs_down' as const }], 'ws-disputed');
    const trial = await disputed.actions.apply(disputed.cluster.id, { action: 'add_similar', entryId: EXCHANGE }, 'supervisor', { dryRun: true });
    expect(trial.heldOut).toEqual([]);
    const named = await clusterOf([...OWN, STRAYS[0].text].map((text) => ({ text })), 'ws-named');
    const picked = await named.actions.apply(named.cluster.id, { action: 'add_similar', entryId: EXCHANGE, phrasings: [STRAYS[0].text] }, 'supervisor', { dryRun: true });
    expect(picked.heldOut).toEqual([]);
  }, 120_000);
});
