/**
 * Prints the demo shop's numbers over the real stack (a temporary SQLite file, the demo loaded
 * through the import path, the real bot): for the tuning set (demo/eval-queries.json) and the
 * held-out set (demo/heldout-queries.json, report only — never tune on it), the ranking's top-1
 * and the bot's decisions. Run: `npx tsx scripts/demo-tally.ts`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_WORKSPACE_ID } from '../src/auth/access.js';
import { parseBotSettings } from '../src/config/settings.js';
import { createBot } from '../src/dialog/bot.js';
import { KnowledgeService } from '../src/kb/service.js';
import { loadDemoIfEmpty } from '../src/server/demo-loader.js';
import { PACKAGE_ROOT } from '../src/server/package-root.js';
import { TEST_BACKENDS } from '../src/store/testing.js';

/** The fixed day the demo tests measure on (entries with validity windows behave the same). */
const MEASURED_AT = new Date('2026-11-25T10:00:00+08:00');

const database = await TEST_BACKENDS[0].open();
const knowledge = new KnowledgeService(database, { workspaceId: DEFAULT_WORKSPACE_ID, now: () => MEASURED_AT });
await loadDemoIfEmpty(knowledge);
const bot = await createBot({ knowledge, settings: parseBotSettings({}), now: () => MEASURED_AT });
await bot.ready();
for (const file of ['demo/eval-queries.json', 'demo/heldout-queries.json']) {
  const queries: { query: string; expect: string }[] = JSON.parse(readFileSync(join(PACKAGE_ROOT, file), 'utf8'));
  const tally = { rankedFirst: 0, answeredRight: 0, answeredWrong: 0, offeredRight: 0, nothingUseful: 0, entries: 0, handoffs: 0, handoffRequests: 0, offTopicAnswered: 0, offTopic: 0 };
  for (const q of queries) {
    const d = await bot.decide({ text: q.query });
    if (q.expect === 'handoff') {
      tally.handoffRequests++;
      if (d.action === 'handoff') tally.handoffs++;
    } else if (q.expect === 'fallback') {
      tally.offTopic++;
      if (d.action === 'answer' && d.entryId) tally.offTopicAnswered++;
    } else {
      tally.entries++;
      if ((await bot.rank(q.query, 1))[0]?.entryId === q.expect) tally.rankedFirst++;
      if (d.action === 'answer' && d.entryId === q.expect) tally.answeredRight++;
      else if (d.action === 'answer' && d.entryId) tally.answeredWrong++;
      else if (d.suggestions.some((s) => s.entryId === q.expect)) tally.offeredRight++;
      else tally.nothingUseful++;
    }
  }
  console.log(file, JSON.stringify(tally));
}
bot.close();
await database.dispose();
