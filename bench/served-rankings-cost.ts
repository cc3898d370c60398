/**
 * What reading a bot's served decisions costs (ConversationService.servedRankings, the prior's traffic,
 * src/dialog/calibration/prior.ts) on a SQLite file of CONVERSATIONS × 10 messages, half of them bot replies
 * with a decision record of five candidates (≈ 5 KB each), and the query plan SQLite chose.
 *
 *   npx tsx bench/served-rankings-cost.ts [CONVERSATIONS=10000] [LIMIT=2000]
 */
import { TEST_BACKENDS } from '../src/store/testing.js';
import { openConversationFixture } from '../src/conversation/test-fixture.js';
const CONVERSATIONS = Number(process.argv[2] ?? 10000);
const PER = 10;
const fx = await openConversationFixture(TEST_BACKENDS[0]);
const customer = await fx.service.upsertCustomer({ name: 'x' }, { verified: false });
const features = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`feature${i}`, 0.5]));
const meta = (i: number) => JSON.stringify({ replyTo: i, action: 'answer', decision: { action: 'answer', rule: 'answer.confident', explanation: '本知识库自校准：最佳候选「退货运费谁出」答对概率 0.71 ≥ 0.40', candidates: Array.from({ length: 5 }, (_, k) => ({ entryId: `e${k}`, question: '退货运费谁出？', matchedQuestion: '退货要自己付运费吗', confidence: 0.5, features })) } });
const db = fx.database.db;
const conv = await fx.service.start({ channel: 'web', customer });
const template = await db.selectFrom('conversations').selectAll().where('id', '=', conv.id).executeTakeFirstOrThrow();
let n = 0;
for (let c = 0; c < CONVERSATIONS; c += 200) {
  const convs = [];
  const rows = [];
  for (let k = c; k < Math.min(CONVERSATIONS, c + 200); k++) {
    const at = (i: number) => new Date(Date.UTC(2026, 0, 1) + (k * PER + i) * 1000).toISOString();
    convs.push({ ...template, id: `c${k}`, updated_at: at(PER), created_at: at(0) });
    for (let i = 0; i < PER; i++) rows.push({ id: `m${n++}`, workspace_id: 'default', conversation_id: `c${k}`, seq: i + 1, sender: i % 2 ? 'bot' : 'customer', sender_id: null, client_message_id: null, text: '好的', content: '[]', meta: i % 2 ? meta(i) : '{}', reply_to: null, entry_id: null, created_at: at(i) });
  }
  await db.insertInto('conversations').values(convs as never).execute();
  for (let r = 0; r < rows.length; r += 500) await db.insertInto('messages').values(rows.slice(r, r + 500) as never).execute();
}
console.log('messages', n);
for (let r = 0; r < 3; r++) {
  const t = performance.now();
  const served = await fx.service.servedRankings({ limit: Number(process.argv[3] ?? 2000) });
  console.log('servedRankings:', served.length, Math.round(performance.now() - t), 'ms');
}
const { sql } = await import('kysely');
const plan = await sql`explain query plan select meta from messages where conversation_id in (select id from conversations where workspace_id = 'default' and bot_id = ${template.bot_id} order by updated_at desc limit 500) and sender = 'bot' and meta like '%"candidates":[{%' order by created_at desc, seq desc limit 500`.execute(db);
console.log(plan.rows);
await fx.dispose();
