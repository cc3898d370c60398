/**
 * Learning measured the way it will be judged (issue 11): one half of a held-out set's business
 * phrasings goes through the unresolved inbox — recorded as unresolved (condensed there),
 * clustered, and each cluster attached (add_similar, checked and applied by ClusterActions) to
 * the entry most of its phrasings are labelled with, as a supervisor who knows the answer
 * would — then the OTHER half is asked: direct answers right must go up, wrong must not.
 *
 * The split is fixed and fair (splitHalves, LEARNING_SPLIT_SEED). A cluster mixing entries is attached whole to its
 * majority entry, so clustering mistakes are part of what is measured. Used by
 * `npm run bench -- --only learning` and by learning-measure.test.ts (which gates on safety).
 */
import { DEFAULT_WORKSPACE_ID } from '../auth/access.js';
import { isBusinessPhrasing, measurePhrasings, readPhrasingSet, type LabelledPhrasing, type PhrasingTally } from '../dialog/phrasing-set.js';
import { DEMO_MEASURED_AT, judgeWithBot, openDemoBot } from '../dialog/testing.js';
import { seededRandom } from '../dialog/calibration/variants.js';
import { ClusterActions } from './actions.js';
import { MAX_CLUSTERS_LISTED, UnresolvedInbox } from './inbox.js';

/** The fixed split of a set into the half learnt from and the half asked. */
export const LEARNING_SPLIT_SEED = 20261130;
/**
 * While the clusters are attached one after another the bot does not recalibrate (it does once,
 * after the last): every check weighs its change under the calibration in force when the
 * supervisor started, not whichever recalibration had just landed (one cause of runs that differed:
 * 6 attachments flagged in one run, 27 in the next; docs/learning.md), and no CPU goes on
 * calibrations superseded a moment later. Longer than any measurement; recalibrate() runs at once regardless.
 */
const NO_RECALIBRATION_WHILE_ATTACHING_MS = 6 * 60 * 60 * 1000;
const ACTOR = 'learning-measure';
/** Time between two learnt-half questions reaching the inbox (any step keeps their order; a second reads well). */
const QUESTION_INTERVAL_MS = 1000;

/**
 * The business phrasings split in two halves, fairly and the same way every time: each entry's
 * phrasings, in a seeded order, are dealt to the two halves alternately, and the dealing runs on
 * across entries (taken in a seeded order too), so an entry with three phrasings gives two to one
 * half and one to the other and the next such entry the other way round. Every entry with two or
 * more phrasings is in both halves — the asked half can only gain from what was learnt of its own
 * entry when there is some — and the halves differ in size by one at most. A set with one phrasing
 * per entry (the demo held-out set) leaves no asked phrasing an entry that learnt anything: only
 * what generalises across entries can show there.
 */
export function splitHalves(phrasings: readonly LabelledPhrasing[], seed = LEARNING_SPLIT_SEED): { learn: LabelledPhrasing[]; ask: LabelledPhrasing[] } {
  const random = seededRandom(seed);
  const byEntry = new Map<string, LabelledPhrasing[]>();
  for (const p of phrasings.filter(isBusinessPhrasing)) {
    const group = byEntry.get(p.expect);
    if (group) group.push(p);
    else byEntry.set(p.expect, [p]);
  }
  const halves = { learn: [] as LabelledPhrasing[], ask: [] as LabelledPhrasing[] };
  let toLearn = true;
  for (const group of seededOrder([...byEntry.values()], random)) {
    for (const p of seededOrder(group, random)) {
      (toLearn ? halves.learn : halves.ask).push(p);
      toLearn = !toLearn;
    }
  }
  return halves;
}

/** `items` in an order fixed by `random` (ties, which a seeded generator hardly makes, keep the given order). */
function seededOrder<T>(items: readonly T[], random: () => number): T[] {
  return items.map((item, i) => ({ item, key: random(), i })).sort((a, b) => a.key - b.key || a.i - b.i).map((x) => x.item);
}

/** The entry most of a cluster's phrasings are labelled with (the first seen among equals). */
export function majorityEntry(labels: readonly string[]): string | null {
  const counts = new Map<string, number>();
  for (const l of labels) counts.set(l, (counts.get(l) ?? 0) + 1);
  let best: string | null = null;
  for (const [l, n] of counts) if (best === null || n > counts.get(best)!) best = l;
  return best;
}

export interface LearningMeasurement {
  learnFrom: number;
  asked: number;
  clusters: number;
  /** Clusters whose phrasings carry more than one entry's label (attached whole to the majority). */
  mixedClusters: number;
  /** Attachments the check flagged (other entries' probes made worse); applied only when checks are not heeded. */
  flagged: number;
  /** Asked phrasings whose entry learnt at least one phrasing: the most that learning its own wording could help. */
  askedWithLearnedEntry: number;
  before: PhrasingTally;
  /** After attaching, before the bot recalibrates on its learned phrasings. */
  attached: PhrasingTally;
  after: PhrasingTally;
  ms: number;
}

/**
 * `heedChecks`: a flagged attachment is left unapplied, as a supervisor heeding the warning
 * would (false: every cluster is attached, warnings or not).
 */
export async function measureLearning(folder: string, file: string, options: { heedChecks?: boolean; seed?: number } = {}): Promise<LearningMeasurement> {
  const { heedChecks = true, seed = LEARNING_SPLIT_SEED } = options;
  const started = performance.now();
  const demo = await openDemoBot({ folder, at: DEMO_MEASURED_AT, calibrationDebounceMs: NO_RECALIBRATION_WHILE_ATTACHING_MS });
  try {
    const { learn, ask } = splitHalves(readPhrasingSet(`${folder}/${file}`), seed);
    const judge = (text: string) => judgeWithBot(demo.bot, text);
    const before = (await measurePhrasings(ask, judge)).tally;

    // Customers ask one after another: each question is kept a second after the one before, so the
    // inbox orders clusters and their questions by time, as in service, never by their random ids
    // (one frozen instant made every order a tie and runs of this measurement differ).
    let askedAt = DEMO_MEASURED_AT.getTime();
    const inbox = new UnresolvedInbox(demo.database, { workspaceId: DEFAULT_WORKSPACE_ID, now: () => new Date(askedAt) });
    const labelOf = new Map<string, string>();
    for (const [i, p] of learn.entries()) {
      askedAt += QUESTION_INTERVAL_MS;
      labelOf.set(`learn-${i}`, p.expect);
      await inbox.recordUnresolved({ botId: 'measure', conversationId: `learn-${i}`, reason: 'fallback', channel: 'web', text: p.query });
    }
    const actions = new ClusterActions({ inbox, knowledge: demo.knowledge, bot: demo.bot, database: demo.database });
    const clusters = await inbox.list({ limit: MAX_CLUSTERS_LISTED });
    let mixedClusters = 0;
    let flagged = 0;
    for (const cluster of clusters) {
      const labels = (await inbox.questions(cluster.id)).map((q) => labelOf.get(q.conversationId)).filter((l): l is string => l !== undefined);
      const entryId = majorityEntry(labels);
      if (!entryId) continue;
      if (new Set(labels).size > 1) mixedClusters++;
      const action = { action: 'add_similar' as const, entryId };
      // Heeding, the check is asked first (a dry run) and a flagged change left out; attaching
      // regardless, the attach's own check says whether it was flagged (one check, not two).
      const { check } = await actions.apply(cluster.id, action, ACTOR, { dryRun: heedChecks });
      if (check?.flagged) flagged++;
      if (check?.flagged || !heedChecks) continue;
      await actions.apply(cluster.id, action, ACTOR);
    }
    await demo.bot.ready();
    // Asked once under the calibration the supervisor started with, then recalibrated: what the
    // learned phrasings do in the index and what the recalibration on them does, apart.
    const attached = (await measurePhrasings(ask, judge)).tally;
    await demo.bot.recalibrate();
    const after = (await measurePhrasings(ask, judge)).tally;
    const learnt = new Set((await demo.knowledge.listForMatching()).filter((e) => e.learnedQuestions.length > 0).map((e) => e.id));
    const askedWithLearnedEntry = ask.filter((p) => learnt.has(p.expect)).length;
    return { learnFrom: learn.length, asked: ask.length, clusters: clusters.length, mixedClusters, flagged, askedWithLearnedEntry, before, attached, after, ms: Math.round(performance.now() - started) };
  } finally {
    await demo.dispose();
  }
}
