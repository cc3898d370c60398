/**
 * Knowledge health (issue 11): the entries that need an operator's eye, each list with why —
 *
 * - **expiring soon** (inside `EXPIRING_WITHIN_DAYS`) and **expired** (published, past valid-to);
 * - **never matched**: published entries the bot has not answered with in `UNUSED_DAYS` days
 *   (nobody asks it that way — or nobody asks it at all);
 * - **often 👎**: at least `MIN_VOTES_FOR_RATE` votes and a 👎 share of `THUMBS_DOWN_RATE` or more;
 * - **near-duplicates**: two entries the matcher cannot tell apart — the best other entry for an
 *   entry's standard question has a standard question the pair model calls the same (its
 *   `similar`, the threshold chosen on the dev pair sets). That is a knowledge problem (merge
 *   them, or make the questions say what differs), not a threshold problem.
 */
import type { BotApi } from '../dialog/bot.js';
import type { KnowledgeService } from '../kb/service.js';
import type { KnowledgeEntry } from '../kb/schemas.js';
import type { Database } from '../store/database.js';

export const EXPIRING_WITHIN_DAYS = 7;
export const UNUSED_DAYS = 30;
export const MIN_VOTES_FOR_RATE = 5;
export const THUMBS_DOWN_RATE = 0.3;
/** Entries whose questions are ranked for near-duplicates at most (a large knowledge base is sampled in order). */
export const NEAR_DUPLICATE_SCAN_MAX = 2000;
const MS_PER_DAY = 24 * 3600 * 1000;

export interface EntryRef {
  entryId: string;
  question: string;
}

export interface KnowledgeHealth {
  published: number;
  expiringSoon: Array<EntryRef & { validTo: string }>;
  expired: Array<EntryRef & { validTo: string }>;
  neverMatched: EntryRef[];
  oftenThumbsDown: Array<EntryRef & { votes: number; thumbsDown: number }>;
  /** `similarity`: the pair model's probability that the two standard questions ask the same. */
  nearDuplicates: Array<{ a: EntryRef; b: EntryRef; similarity: number }>;
  /** How many published entries were ranked for near-duplicates. */
  scanned: number;
}

export interface HealthDeps {
  knowledge: KnowledgeService;
  bot: BotApi;
  database: Pick<Database, 'db'>;
  workspaceId: string;
  now?: () => Date;
}

export async function knowledgeHealth({ knowledge, bot, database, workspaceId, now = () => new Date() }: HealthDeps): Promise<KnowledgeHealth> {
  const at = now();
  const all = await knowledge.listForMatching();
  const published = all.filter((e) => e.status === 'published');
  const ref = (e: KnowledgeEntry): EntryRef => ({ entryId: e.id, question: e.question });
  const soon = at.getTime() + EXPIRING_WITHIN_DAYS * MS_PER_DAY;
  const validTo = (e: KnowledgeEntry) => (e.validTo ? Date.parse(e.validTo) : null);

  const since = new Date(at.getTime() - UNUSED_DAYS * MS_PER_DAY).toISOString();
  const [answered, votes] = await Promise.all([
    database.db.selectFrom('messages').select('entry_id').distinct().where('workspace_id', '=', workspaceId).where('sender', '=', 'bot').where('entry_id', 'is not', null).where('created_at', '>=', since).execute(),
    database.db
      .selectFrom('answer_feedback')
      .select(['entry_id', 'helpful', (eb) => eb.fn.countAll<number | string>().as('count')])
      .where('workspace_id', '=', workspaceId)
      .where('entry_id', 'is not', null)
      .groupBy(['entry_id', 'helpful'])
      .execute(),
  ]);
  const used = new Set(answered.map((r) => r.entry_id));
  const tally = new Map<string, { votes: number; thumbsDown: number }>();
  for (const v of votes) {
    const t = tally.get(v.entry_id!) ?? { votes: 0, thumbsDown: 0 };
    t.votes += Number(v.count);
    if (Number(v.helpful) === 0) t.thumbsDown += Number(v.count);
    tally.set(v.entry_id!, t);
  }
  const byId = new Map(published.map((e) => [e.id, e]));

  const nearDuplicates: KnowledgeHealth['nearDuplicates'] = [];
  const seenPairs = new Set<string>();
  const scanned = published.slice(0, NEAR_DUPLICATE_SCAN_MAX);
  for (const entry of scanned) {
    const rival = (await bot.rank(entry.question, 3)).find((r) => r.entryId !== entry.id);
    if (!rival || !byId.has(rival.entryId)) continue;
    const key = [entry.id, rival.entryId].sort().join('\u0000');
    if (seenPairs.has(key)) continue;
    seenPairs.add(key);
    const pair = await bot.similarity(entry.question, rival.question);
    if (pair.similar) nearDuplicates.push({ a: ref(entry), b: ref(byId.get(rival.entryId)!), similarity: pair.score });
  }

  return {
    published: published.length,
    expiringSoon: published.filter((e) => {
      const end = validTo(e);
      return end !== null && end >= at.getTime() && end <= soon;
    }).map((e) => ({ ...ref(e), validTo: e.validTo! })),
    expired: published.filter((e) => (validTo(e) ?? Infinity) < at.getTime()).map((e) => ({ ...ref(e), validTo: e.validTo! })),
    neverMatched: published.filter((e) => !used.has(e.id) && (validTo(e) ?? Infinity) >= at.getTime()).map(ref),
    oftenThumbsDown: published.flatMap((e) => {
      const t = tally.get(e.id);
      return t && t.votes >= MIN_VOTES_FOR_RATE && t.thumbsDown / t.votes >= THUMBS_DOWN_RATE ? [{ ...ref(e), ...t }] : [];
    }),
    nearDuplicates,
    scanned: scanned.length,
  };
}
