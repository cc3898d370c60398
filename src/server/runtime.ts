/**
 * Wendu's runtime without HTTP: the database, the knowledge base and the bot, opened in order
 * and closed in reverse. The server and the CLI (`ask`, `import`, …) share it so both see the
 * same data folder the same way.
 */
import type { Logger } from 'pino';
import { DEFAULT_BOT_SETTINGS, type BotSettings } from '../config/settings.js';
import { createBot } from '../dialog/bot.js';
import type { BotApi } from '../dialog/bot.js';
import { KnowledgeService } from '../kb/service.js';
import { openDatabase, type Database } from '../store/database.js';
import { loadDemoIfEmpty, type DemoLoadResult } from './demo-loader.js';

export interface RuntimeOptions {
  dataDir: string;
  databaseUrl?: string | null;
  /** Load the demo knowledge base — only ever into an empty one. */
  demo?: boolean;
  settings?: BotSettings;
  log?: Pick<Logger, 'info' | 'warn'>;
}

export interface KnowledgeRuntime {
  database: Database;
  knowledge: KnowledgeService;
  demo: DemoLoadResult;
  close(): Promise<void>;
}

export interface WenduRuntime extends KnowledgeRuntime {
  bot: BotApi;
}

/** The database and the knowledge base (enough for import and export). */
export async function openKnowledge(options: RuntimeOptions): Promise<KnowledgeRuntime> {
  const database = await openDatabase({ dataDir: options.dataDir, databaseUrl: options.databaseUrl ?? undefined });
  try {
    const knowledge = new KnowledgeService(database);
    const demo: DemoLoadResult = options.demo ? await loadDemoIfEmpty(knowledge) : { loaded: false, reason: 'not_requested' };
    if (options.demo && options.log) {
      if (demo.loaded) options.log.info({ entries: demo.entries, synonymGroups: demo.synonymGroups }, '已载入演示知识库 (demo loaded)');
      else options.log.warn({ reason: demo.reason }, '知识库非空，未载入演示数据 (knowledge base not empty; demo not loaded)');
    }
    return { database, knowledge, demo, close: () => database.close() };
  } catch (err) {
    await database.close();
    throw err;
  }
}

/** Everything needed to answer: knowledge plus the bot built from it. */
export async function openRuntime(options: RuntimeOptions): Promise<WenduRuntime> {
  const base = await openKnowledge(options);
  let bot: BotApi;
  try {
    bot = await createBot({ knowledge: base.knowledge, settings: options.settings ?? DEFAULT_BOT_SETTINGS });
  } catch (err) {
    await base.close();
    throw err;
  }
  return {
    ...base,
    bot,
    async close() {
      bot.close();
      await base.close();
    },
  };
}
