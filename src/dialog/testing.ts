/**
 * Test and bench support: a real bot over one of the demo knowledge bases (the demo shop, or a trade under
 * demo/trades/), in a fresh SQLite file, loaded through the operator's import path. Not imported by
 * production code.
 */
import { DEFAULT_WORKSPACE_ID } from '../auth/access.js';
import { parseBotSettings, type BotSettings } from '../config/settings.js';
import { answerText, EntryInputSchema, type EntryInput, type KnowledgeEntry } from '../kb/schemas.js';
import { KnowledgeService } from '../kb/service.js';
import { createMatcher, type Matcher } from '../nlu/matcher.js';
import { Segmenter } from '../nlu/segment.js';
import { DEMO_DIR, loadDemoIfEmpty } from '../server/demo-loader.js';
import { TEST_BACKENDS, type TestDatabase } from '../store/testing.js';
import { createBot, type BotApi } from './bot.js';
import type { PhrasingOutcome } from './phrasing-set.js';

/**
 * The clock the demo measurements share (bot.test.ts's fixed day): the demo's dated entries (双11, 年终大促) are in
 * or out of force identically in the held-out tests and in `npm run bench`.
 */
export const DEMO_MEASURED_AT = new Date('2026-11-25T10:00:00+08:00');

export interface DemoBot {
  bot: BotApi;
  /** The knowledge the bot answers from (e.g. to give a peer system the same entries). */
  knowledge: KnowledgeService;
  /** Its database (e.g. for the unresolved inbox of the learning measurement). */
  database: TestDatabase;
  /** Closes the bot and removes its database. */
  dispose(): Promise<void>;
}

/**
 * `at`: the bot's clock, fixed so entries with validity windows behave the same in every run.
 * `settings`: the product defaults unless given. The bot self-calibrates on its own knowledge and is
 * returned once that is done, as the server's bots answer (`calibration: 'off'` in the settings
 * gives the fixed thresholds). `calibrationDebounceMs`: how long after a knowledge change it recalibrates
 * (at once by default; `recalibrate()` always runs at once).
 */
export async function openDemoBot(options: { folder?: string; at: Date; settings?: BotSettings; calibrationDebounceMs?: number }): Promise<DemoBot> {
  const database = await TEST_BACKENDS.find((b) => b.name === 'sqlite')!.open();
  const now = () => options.at;
  const knowledge = new KnowledgeService(database, { workspaceId: DEFAULT_WORKSPACE_ID, now });
  await loadDemoIfEmpty(knowledge, options.folder ?? DEMO_DIR);
  const bot = await createBot({ knowledge, settings: options.settings ?? parseBotSettings({}), now, calibration: { debounceMs: options.calibrationDebounceMs ?? 0 } });
  // With a debounce the first calibration is asked for now rather than waited for.
  await (options.calibrationDebounceMs ? bot.recalibrate() : bot.calibrated());
  return {
    bot,
    knowledge,
    database,
    async dispose() {
      bot.close();
      await database.dispose();
    },
  };
}

/** The bot's decision on a phrasing that opens a conversation, with what its ranking puts first. */
export async function judgeWithBot(bot: BotApi, text: string): Promise<PhrasingOutcome> {
  const [decision, ranked] = await Promise.all([bot.decide({ text }), bot.rank(text, 1)]);
  return { decision, rankedFirst: ranked[0]?.entryId ?? null };
}

/** A small knowledge base written in a test: each entry's answer as one text block. */
export type SmallEntry = Omit<EntryInput, 'answer'> & { id: string; answer: string };

/**
 * The entries and matcher the policy is handed for a small knowledge base written in a test —
 * stored as the knowledge service would store them, indexed as a bot indexes them.
 */
export function smallKnowledgeBase(list: readonly SmallEntry[]): { entries: Map<string, KnowledgeEntry>; matcher: Matcher } {
  const stored = list.map((e): KnowledgeEntry => ({
    ...EntryInputSchema.parse({ ...e, answer: [{ type: 'text', text: e.answer }] }),
    id: e.id,
    version: 1,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    updatedBy: 'test',
  }));
  const matcher = createMatcher(
    stored.map((e) => ({ id: e.id, question: e.question, similarQuestions: e.similarQuestions, answerText: answerText(e.answer), category: e.category })),
    { segmenter: new Segmenter() },
  );
  return { entries: new Map(stored.map((e) => [e.id, e])), matcher };
}
