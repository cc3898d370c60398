/**
 * What the engine says, turn by turn, on the demo sets — to check that a change meant to save work
 * changes nothing a customer or an operator sees. `npx tsx bench/turn-outputs.ts CHECKOUT OUT.jsonl`
 * plays, through the real engine and bot of the checkout given (this one, or a git worktree of main),
 * every query of demo/eval-queries.json, demo/heldout-queries.json and the telecom held-out queries
 * as a conversation of its own, and every dialog of demo/eval-dialogs.json and
 * demo/heldout-dialogs.json; it writes each turn's replies (text, content with 猜你想问, meta with
 * the whole decision record except its elapsed time) as one JSON line. Run it on two checkouts and
 * `diff` the files. The sets are read at run time; nothing is tuned on them here.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [checkoutArg, outFile] = process.argv.slice(2);
if (!checkoutArg || !outFile) throw new Error('usage: tsx bench/turn-outputs.ts CHECKOUT OUT.jsonl');
const checkout = resolve(checkoutArg);
const load = (path: string) => import(pathToFileURL(join(checkout, 'src', path)).href);

/** Stock phrases rotate at random (src/reply/variants.ts): seeded, two runs of the same turns pick alike. */
const RANDOM_SEED = 20261130;
let seed = RANDOM_SEED;
Math.random = () => {
  // mulberry32
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

const [{ openDemoBot, DEMO_MEASURED_AT }, { ConversationService }, { TEST_SCOPE }, { MemoryEventBus }, { FlowRunner }, { FlowService }, { ConversationEngine }, { DEFAULT_WORKSPACE_ID }, { DEMO_DIR, TELECOM_DEMO_DIR }] =
  await Promise.all([
    load('dialog/testing.ts'),
    load('conversation/service.ts'),
    load('conversation/test-fixture.ts'),
    load('events/memory-bus.ts'),
    load('flows/runner.ts'),
    load('flows/service.ts'),
    load('dialog/engine.ts'),
    load('auth/access.ts'),
    load('server/demo-loader.ts'),
  ]);

interface Reply {
  sender: string;
  text: string;
  content: unknown;
  meta: Record<string, unknown> & { decision?: { trace?: { elapsedMs?: number } } };
}

const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8'));
const lines: string[] = [];

async function play(folder: string, label: string, conversations: Array<{ id: string; turns: string[] }>): Promise<void> {
  const demo = await openDemoBot({ folder, at: DEMO_MEASURED_AT });
  const now = () => DEMO_MEASURED_AT;
  const engine = new ConversationEngine({
    conversations: new ConversationService(demo.database, new MemoryEventBus(), TEST_SCOPE, now),
    bot: demo.bot,
    flows: new FlowService(demo.database, { workspaceId: DEFAULT_WORKSPACE_ID }),
    runner: new FlowRunner({ allowedHosts: [] }),
    botSecret: 'turn-outputs-温度',
    env: {},
    now,
  });
  for (const c of conversations) {
    const { conversation } = await engine.open({ channel: 'web' });
    for (const [k, say] of c.turns.entries()) {
      const { replies } = (await engine.handleCustomerMessage(conversation.id, { text: say, clientMessageId: `${c.id}-${k}` })) as { replies: Reply[] };
      // The time a decision took is the only thing that differs between two runs of the same code.
      for (const r of replies) if (r.meta.decision?.trace) delete r.meta.decision.trace.elapsedMs;
      lines.push(JSON.stringify({ set: label, id: c.id, turn: k, say, replies: replies.map(({ sender, text, content, meta }) => ({ sender, text, content, meta })) }));
    }
  }
  await demo.dispose();
}

const queries = (file: string) => (readJson(file) as Array<{ query: string }>).map((q, i) => ({ id: `q${i}`, turns: [q.query] }));
const dialogs = (file: string) => (readJson(file) as { dialogs: Array<{ id: string; turns: Array<{ say: string }> }> }).dialogs.map((d) => ({ id: d.id, turns: d.turns.map((t) => t.say) }));

await play(DEMO_DIR, 'eval-queries', queries(join(DEMO_DIR, 'eval-queries.json')));
await play(DEMO_DIR, 'heldout-queries', queries(join(DEMO_DIR, 'heldout-queries.json')));
await play(DEMO_DIR, 'eval-dialogs', dialogs(join(DEMO_DIR, 'eval-dialogs.json')));
await play(DEMO_DIR, 'heldout-dialogs', dialogs(join(DEMO_DIR, 'heldout-dialogs.json')));
await play(TELECOM_DEMO_DIR, 'telecom-heldout-queries', queries(join(TELECOM_DEMO_DIR, 'heldout-queries.json')));
writeFileSync(outFile, lines.join('\n') + '\n');
console.error(`${lines.length} turns written to ${outFile}`);
