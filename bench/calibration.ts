/**
 * Self-calibration, measured: the demo shop's tuning set and held-out set answered with the
 * settings' fixed thresholds and with the bot's own calibration, and the time to calibrate the
 * demo knowledge base and a 10,000-entry one (bench/speed-kb.ts; needs the public data).
 *
 *   npx tsx bench/calibration.ts [--no-10k] [--tuning-only]
 *
 * The held-out set is measured, never tuned on (docs/confidence.md).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseBotSettings } from '../src/config/settings.js';
import { createBot, type BotApi } from '../src/dialog/bot.js';
import { calibrate, calibrateInSlices } from '../src/dialog/calibration/index.js';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createMatcher } from '../src/nlu/matcher.js';
import { openKnowledge } from '../src/server/runtime.js';
import { PACKAGE_ROOT } from '../src/server/package-root.js';
import { tenThousandEntryKb } from './speed-kb.js';

/** The fixed day the demo gates are measured on (src/dialog/bot.test.ts). */
const MEASURED_AT = new Date('2026-11-25T10:00:00+08:00');

interface DemoQuery {
  query: string;
  expect: string;
}

export async function demoTally(bot: BotApi, file: string) {
  const queries: DemoQuery[] = JSON.parse(readFileSync(join(PACKAGE_ROOT, file), 'utf8'));
  const t = { entries: 0, answeredRight: 0, answeredWrong: 0, offeredRight: 0, nothingUseful: 0, handoffRequests: 0, handoffs: 0, offTopic: 0, offTopicAnswered: 0 };
  for (const q of queries) {
    const d = await bot.decide({ text: q.query });
    if (q.expect === 'handoff') {
      t.handoffRequests++;
      if (d.action === 'handoff') t.handoffs++;
    } else if (q.expect === 'fallback') {
      t.offTopic++;
      if (d.action === 'answer' && d.entryId) t.offTopicAnswered++;
    } else {
      t.entries++;
      if (d.action === 'answer' && d.entryId === q.expect) t.answeredRight++;
      else if (d.action === 'answer' && d.entryId) t.answeredWrong++;
      else if (d.suggestions.some((s) => s.entryId === q.expect)) t.offeredRight++;
      else t.nothingUseful++;
    }
  }
  return t;
}

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'wendu-calib-'));
  const runtime = await openKnowledge({ dataDir, demo: true });
  try {
    for (const mode of ['off', 'auto'] as const) {
      const bot = await createBot({ knowledge: runtime.knowledge, settings: parseBotSettings({ calibration: mode }), now: () => MEASURED_AT, calibration: { debounceMs: 0 } });
      const c = await bot.calibrated();
      console.log(`\n== demo, calibration ${mode}`);
      if (mode === 'auto' && c) console.log(JSON.stringify({ status: c.status, thresholds: c.thresholds, defaults: c.defaults, elapsedMs: c.elapsedMs, probes: c.probes, onProbes: c.onProbes, confusablePairs: c.confusablePairs.length }));
      console.log('tuning  ', JSON.stringify(await demoTally(bot, 'demo/eval-queries.json')));
      // --tuning-only: while choosing a design, look at the tuning set alone (never tune on the held-out set).
      if (!process.argv.includes('--tuning-only')) console.log('held-out', JSON.stringify(await demoTally(bot, 'demo/heldout-queries.json')));
      bot.close();
    }
  } finally {
    await runtime.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
  if (process.argv.includes('--no-10k')) return;
  const kb = tenThousandEntryKb(0);
  const matcher = createMatcher(kb.entries);
  matcher.rank('预热', 1); // loads the word weights once, as a bot's first question does
  const started = performance.now();
  const c = calibrate(matcher, kb.entries, parseBotSettings({}));
  console.log(`\n== 10k entries (${kb.questions} questions): calibrated at once in ${Math.round(performance.now() - started)} ms`, JSON.stringify({ status: c.status, thresholds: c.thresholds, probes: c.probes, onProbes: c.onProbes }));
  // As a bot runs it: in slices. The event loop's longest stall is what an answer may wait.
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  const slicedStart = performance.now();
  await calibrateInSlices(matcher, kb.entries, parseBotSettings({}), { isCurrent: () => true });
  delay.disable();
  console.log(`   in slices: ${Math.round(performance.now() - slicedStart)} ms, event-loop delay max ${Math.round(delay.max / 1e6)} ms, p99 ${Math.round(delay.percentile(99) / 1e6)} ms`);
}

await main();
