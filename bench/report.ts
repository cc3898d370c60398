/**
 * Turns section results into Markdown tables (printed to stdout and written to
 * bench/results.md) and checks them against the product targets.
 */
import { cpus, totalmem, platform, release } from 'node:os';
import { PEERS, SYSTEMS, SUBSAMPLE_ENTRIES, SUBSAMPLE_QUERIES, type AccuracyResult, type SystemResult, type TaskResult } from './accuracy.js';
import { answeringShares, type AnsweringRow } from './answering.js';
import type { PairsResult } from './pairs.js';
import type { SpeedResult, SpeedSummary } from './speed.js';

/** Product targets (docs/benchmark.md explains where they come from). */
export const TARGETS = {
  top1MarginOverBestPeer: 0.1,
  /** Issue 9, on knowledge the matcher's authors have not tuned on (the held-out sets, self-calibrated as the product answers). */
  answeredRight: 0.7,
  answeredWrong: 0.03,
  offTopicAnswered: 0.1,
  handoffs: 1,
  matchesPerSecond: 20_000,
  p99Ms: 2,
  index50kMs: 5_000,
  rssMb: 300,
} as const;

export function table(headers: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]): string => `| ${cells.map((c) => String(c).replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}

const pct = (x: number | undefined): string => (x === undefined ? '—' : (x * 100).toFixed(1));
const num = (x: number | undefined, digits = 0): string =>
  x === undefined || Number.isNaN(x) ? '—' : x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

function taskRows(tasks: TaskResult[]): (string | number)[][] {
  const rows: (string | number)[][] = [];
  for (const t of tasks) {
    for (const s of t.systems) {
      rows.push([
        t.task,
        t.heldOut ? 'held out' : 'tuning',
        `${num(t.entries)} / ${num(t.questions)}`,
        num(t.queries),
        s.system,
        pct(s.scores?.top1),
        pct(s.scores?.top3),
        pct(s.scores?.mrr),
        s.msPerQuery === undefined ? '—' : num(s.msPerQuery, 2),
        s.note ?? '',
      ]);
    }
  }
  return rows;
}

const ACCURACY_HEADERS = ['task', 'set', 'entries / questions', 'queries', 'system', 'top-1 %', 'top-3 %', 'MRR@10 %', 'ms/query', 'note'];

export function accuracySection(acc: AccuracyResult): string {
  const parts = ['## 1. Retrieval accuracy (FAQ tasks, full knowledge base)', '', table(ACCURACY_HEADERS, taskRows(acc.full))];
  if (acc.subsample.length > 0) {
    parts.push(
      '',
      `### Same comparison on a ${num(SUBSAMPLE_ENTRIES)}-entry subsample (where node-nlp has no full-size result)`,
      '',
      `Each subsample keeps the gold entries of ${SUBSAMPLE_QUERIES} fixed queries plus random other entries of the same task, and all three systems see exactly that knowledge.`,
      '',
      table(ACCURACY_HEADERS, taskRows(acc.subsample)),
    );
  }
  return parts.join('\n');
}

export function pairsSection(pairs: PairsResult | { unavailable: string }): string {
  const head = '## 2. Pair accuracy (Wendu `similarity`, threshold chosen on dev only)';
  if ('unavailable' in pairs) return `${head}\n\nNot run: ${pairs.unavailable}`;
  const rows = pairs.rows.map((r) => [
    r.file,
    r.heldOut ? 'held out' : 'dev (tuning)',
    num(r.pairs),
    `${r.threshold.toFixed(4)} (${r.thresholdFrom})`,
    pct(r.accuracy),
    pct(r.majority),
    r.published ? `${r.published.model} ${r.published.accuracy}` : '—',
    r.published?.target !== undefined ? `≥ ${r.published.target} ${r.accuracy * 100 >= r.published.target ? '✅' : '❌'}` : '—',
  ]);
  const notes = [`Similarity speed: ${num(pairs.msPerPair, 3)} ms per pair.`, ...pairs.skipped.map((s) => `Skipped: ${s}`)];
  return [head, '', table(['file', 'set', 'pairs', 'threshold (from)', 'accuracy %', 'majority class %', 'published (neural)', 'target'], rows), '', ...notes].join('\n');
}

const speedLabel = (s: SpeedSummary): string => (s.system === 'wendu' ? SYSTEMS.wendu : SYSTEMS.bm25);

export function speedSection(speed: SpeedResult): string {
  const kb = speed.summaries.filter((s) => s.measurement === 'kb10k');
  const big = speed.summaries.filter((s) => s.measurement === 'index50k');
  const kbRows = kb.map((s) => [
    speedLabel(s),
    `${num(s.entries)} / ${num(s.questions)}`,
    num(s.indexMs),
    num(s.indexCpuMs),
    num(s.matchesPerSecond),
    num(s.cpuMatchesPerSecond),
    num(s.p50Ms, 3),
    num(s.p99Ms, 3),
    num(s.cpuP50Ms, 3),
    num(s.cpuP99Ms, 3),
    num(s.rssMb),
    num(s.heapMb),
    num(s.baselineRssMb),
    s.repetitions,
    num(s.loadAvg, 1),
  ]);
  const bigRows = big.map((s) => [speedLabel(s), `${num(s.entries)} / ${num(s.questions)}`, num(s.indexMs), num(s.indexCpuMs), num(s.rssMb), num(s.heapMb), s.repetitions, num(s.loadAvg, 1)]);
  const parts = [
    '## 3. Speed and memory (one core, sequential; medians over repetitions, each in a fresh process)',
    '',
    `### ${num(kb[0]?.entries ?? 10_000)}-entry knowledge base, rank(query, 3)`,
    '',
    table(['system', 'entries / questions', 'index ms', 'index CPU ms', 'matches/s', 'matches/CPU-s', 'p50 ms', 'p99 ms', 'CPU p50 ms', 'CPU p99 ms', 'RSS MB', 'heap MB', 'RSS before index MB', 'reps', 'load avg'], kbRows),
  ];
  const ratio = wenduToBm25Ratio(speed);
  parts.push('', 'index CPU ms and matches/CPU-s count the CPU time the process used (user + system) instead of the wall time: on a loaded machine they stay close to what one free core would do (GC helper threads included), while matches/s and p99 suffer from waiting for the CPU. CPU p50/p99 are the percentiles of the CPU time of each query: the latency a free core would give (a major GC falls on the query it interrupts).');
  if (ratio !== undefined) parts.push('', `Throughput ratio Wendu ÷ BM25 (MiniSearch): **${ratio.toFixed(1)}×**.`);
  parts.push('', '### Indexing 50,000 distinct questions', '', table(['system', 'entries / questions', 'index ms', 'index CPU ms', 'RSS MB', 'heap MB', 'reps', 'load avg'], bigRows));
  for (const f of speed.failures) parts.push('', `Failed: ${f}`);
  return parts.join('\n');
}

function wenduToBm25Ratio(speed: SpeedResult): number | undefined {
  const find = (system: string) => speed.summaries.find((s) => s.measurement === 'kb10k' && s.system === system)?.matchesPerSecond;
  const w = find('wendu');
  const b = find('bm25');
  return w !== undefined && b !== undefined ? w / b : undefined;
}

const ANSWERING_HEADERS = [
  'set',
  'kind',
  'thresholds',
  'entries',
  'business phrasings',
  'Wendu top-1 %',
  'answered right %',
  'answered wrong %',
  'clarified with right %',
  'nothing useful %',
  `${SYSTEMS.nodeNlp} top-1 %`,
  `${SYSTEMS.bm25} top-1 %`,
  'hand-offs',
  'off-topic answered',
];

const peerCell = (row: AnsweringRow, system: string): string => {
  const p = row.peers.find((x) => x.system === system);
  return !p ? '—' : p.scores ? pct(p.scores.top1) : (p.note ?? '—');
};

export function answeringSection(rows: AnsweringRow[]): string {
  const body = rows.map((r) => {
    const s = answeringShares(r.tally);
    const t = r.tally;
    return [
      r.set,
      r.heldOut ? 'held out' : 'tuning',
      r.thresholds,
      num(r.entries),
      r.sampledFrom ? `${num(t.business)} of ${num(r.sampledFrom)} (fixed-seed sample)` : num(t.business),
      pct(s?.rankedFirst),
      pct(s?.answeredRight),
      pct(s?.answeredWrong),
      pct(s?.offeredRight),
      pct(s?.nothingUseful),
      peerCell(r, SYSTEMS.nodeNlp),
      peerCell(r, SYSTEMS.bm25),
      t.handoffRequests ? `${t.handoffs} / ${t.handoffRequests}` : '—',
      t.offTopic ? `${t.offTopicAnswered} / ${t.offTopic}` : '—',
    ];
  });
  return [
    '## 4. Answering (the bot\'s decision, not only the ranking)',
    '',
    'Every phrasing opens a conversation and gets the bot\'s real decision (src/dialog/policy.ts, default settings), twice: ' +
      'with the settings\' fixed answer thresholds (*fixed*) and with the thresholds fitted on that knowledge base (*self-calibrated*, the product\'s default). ' +
      'The percentages are shares of the business phrasings (those labelled with an entry); right + wrong + clarified with right + nothing useful = 100. ' +
      'The demo and telecom rows run through the real bot (SQLite, import path); the public tasks call the same policy on the matcher directly, ' +
      "every query of the task (--quick: the accuracy section's fixed-seed sample). Peers' top-1 is on the same phrasings, by the accuracy section's code and result cache; " +
      'node-nlp is trained here only on the small demo and telecom knowledge bases.',
    '',
    table(ANSWERING_HEADERS, body),
    '',
    '### Self-calibration per knowledge base',
    '',
    'What the self-calibrated rows answered with: the thresholds `calibrate` (src/dialog/calibration/) fitted on each knowledge base\'s own probes ' +
      '(sampled on a large one), and how long it took on this machine — for the demo and telecom bots in the background slices the product runs, ' +
      'for the public tasks at once. The fixed rows use the settings\' thresholds (`calibration: off`).',
    '',
    table(['set', 'status', 'answer threshold', 'answer margin', 'calibration time'], calibrationRows(rows)),
  ].join('\n');
}

function calibrationRows(rows: AnsweringRow[]): string[][] {
  return rows
    .filter((r) => r.thresholds === 'self-calibrated')
    .map((r) => {
      const c = r.calibration;
      return c ? [r.set, c.status, num(c.answerThreshold, 2), num(c.answerMargin, 2), `${num(c.elapsedMs / 1000, 1)} s`] : [r.set, 'none (settings in force)', '—', '—', '—'];
    });
}

type TargetRow = [string, string, string, string];

function top1Targets(tasks: TaskResult[]): TargetRow[] {
  return tasks.map((t) => {
    const wendu = t.systems.find((s) => s.system === SYSTEMS.wendu)?.scores?.top1;
    const peers = t.systems.filter((s) => PEERS.includes(s.system) && s.scores);
    const best = peers.reduce<{ name: string; top1: number } | null>(
      (b, s) => (s.scores && (!b || s.scores.top1 > b.top1) ? { name: s.system, top1: s.scores.top1 } : b),
      null,
    );
    const goal = best ? best.top1 + TARGETS.top1MarginOverBestPeer : undefined;
    const verdict = wendu === undefined || goal === undefined ? '—' : wendu >= goal ? '✅' : '❌';
    const unreachable = goal !== undefined && goal > 1 ? ', unreachable' : '';
    return [`top-1 ${t.task}`, goal === undefined ? '—' : `≥ ${pct(goal)} (${best?.name} ${pct(best?.top1)} + 10${unreachable})`, pct(wendu), verdict];
  });
}

/**
 * Issue 9's answering targets, on the held-out sets as the product answers them (self-calibrated rows): right and
 * wrong direct answers on every held-out set, off-topic and hand-offs where the set has such phrasings, and the
 * ranking's top-1 against the best peer measured on the same phrasings.
 */
function answeringTargets(rows: AnsweringRow[]): TargetRow[] {
  const check = (ok: boolean): string => (ok ? '✅' : '❌');
  return rows
    .filter((r) => r.heldOut && r.thresholds === 'self-calibrated' && r.tally.business > 0)
    .flatMap((r): TargetRow[] => {
      const t = r.tally;
      const right = t.answeredRight / t.business;
      const wrong = t.answeredWrong / t.business;
      const out: TargetRow[] = [
        [`direct answers right, ${r.set}`, `≥ ${pct(TARGETS.answeredRight)}`, pct(right), check(right >= TARGETS.answeredRight)],
        [`direct answers wrong, ${r.set}`, `≤ ${pct(TARGETS.answeredWrong)}`, pct(wrong), check(wrong <= TARGETS.answeredWrong)],
      ];
      if (t.offTopic > 0) {
        const offTopic = t.offTopicAnswered / t.offTopic;
        out.push([`off-topic answered, ${r.set}`, `≤ ${pct(TARGETS.offTopicAnswered)}`, pct(offTopic), check(offTopic <= TARGETS.offTopicAnswered)]);
      }
      if (t.handoffRequests > 0) {
        const handoffs = t.handoffs / t.handoffRequests;
        out.push([`hand-off requests handed over, ${r.set}`, `${pct(TARGETS.handoffs)}`, pct(handoffs), check(handoffs >= TARGETS.handoffs)]);
      }
      const best = r.peers.reduce<SystemResult | null>((b, p) => (p.scores && (!b?.scores || p.scores.top1 > b.scores.top1) ? p : b), null);
      if (best?.scores) {
        const top1 = t.rankedFirst / t.business;
        out.push([`ranking top-1 vs best peer, ${r.set}`, `≥ ${pct(best.scores.top1)} (${best.system})`, pct(top1), check(top1 >= best.scores.top1)]);
      }
      return out;
    });
}

export function targetsSection(acc?: AccuracyResult, speed?: SpeedResult, answering?: AnsweringRow[]): string {
  const rows: TargetRow[] = [];
  if (acc) rows.push(...top1Targets(acc.full), ...top1Targets(acc.subsample));
  if (answering) rows.push(...answeringTargets(answering));
  const w = (m: string) => speed?.summaries.find((s) => s.system === 'wendu' && s.measurement === m);
  const check = (ok: boolean | undefined): string => (ok === undefined ? '—' : ok ? '✅' : '❌');
  if (speed) {
    const kb = w('kb10k');
    const big = w('index50k');
    rows.push(
      // The targets are for one free core: judged by CPU time when the worker measured it (on a
      // loaded machine the wall clock measures the wait for a core), the wall clock shown beside.
      ['matches per second (10k entries)', `≥ ${num(TARGETS.matchesPerSecond)}`, kb?.cpuMatchesPerSecond === undefined ? num(kb?.matchesPerSecond) : `${num(kb.cpuMatchesPerSecond)} per CPU-second (wall ${num(kb.matchesPerSecond)}/s, load ${num(kb.loadAvg, 1)})`, check(kb ? (kb.cpuMatchesPerSecond ?? kb.matchesPerSecond ?? 0) >= TARGETS.matchesPerSecond : undefined)],
      ['p99 latency (10k entries)', `< ${TARGETS.p99Ms} ms`, kb?.p99Ms === undefined ? '—' : kb.cpuP99Ms === undefined ? `${num(kb.p99Ms, 3)} ms` : `${num(kb.cpuP99Ms, 3)} ms of CPU per query (wall ${num(kb.p99Ms, 3)} ms)`, check(kb?.p99Ms !== undefined ? (kb.cpuP99Ms ?? kb.p99Ms) < TARGETS.p99Ms : undefined)],
      ['index 50,000 questions', `< ${TARGETS.index50kMs / 1000} s`, big ? `${num(big.indexCpuMs / 1000, 2)} s of CPU (wall ${num(big.indexMs / 1000, 2)} s)` : '—', check(big ? big.indexCpuMs < TARGETS.index50kMs : undefined)],
      ['RSS after indexing 10k entries', `< ${TARGETS.rssMb} MB`, kb ? `${num(kb.rssMb)} MB` : '—', check(kb ? kb.rssMb < TARGETS.rssMb : undefined)],
    );
  }
  return ['## 5. Targets', '', table(['target', 'goal', 'measured', ''], rows)].join('\n');
}

export function machineLine(): string {
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  return `${cpu} (${cpus().length} logical cores, ${Math.round(totalmem() / 2 ** 30)} GB), ${platform()} ${release()}, Node ${process.version}`;
}

export const HOW_TO_READ = `### How to read this

- **Tuning vs held out.** Wendu may be tuned on the \`bq_dev\` / \`lcqmc_dev\` rows only; the held-out rows
  (\`bq_test\`, \`lcqmc_test\`, \`afqmc_dev\`) are the honest estimate. Compare systems within one row group of
  one run: all systems saw the same knowledge and the same queries.
- **top-1** = the gold entry is ranked first (the bot would answer it); **top-3** = it is among the
  "您是想问…" suggestions; **MRR@10** = mean of 1/rank, 0 when the gold entry is not in the top 10.
- Absolute numbers understate quality: the sets contain unlabelled paraphrases, so some "misses" are right
  answers. BQ and AFQMC are hard (many near-duplicate banking questions with different intents); LCQMC is easy.
- **node-nlp "timeout"** means its training did not finish within the stated budget; the subsample table then
  compares all systems on a knowledge base small enough for it to train.
- Pair accuracy is a different task from retrieval; the published neural numbers are there for scale only.
- **Answering** is what a customer experiences: a right top-1 is only worth something when the bot dares to
  answer it. *answered right / wrong* are direct answers, *clarified with right* a 您是想问 that offers the right
  entry, *nothing useful* the rest. The telecom trade (\`demo/trades/telecom\`) is a knowledge base the matcher's
  authors never tuned on; the demo tuning set was tuned on and is a quality gate, not an evaluation. Each set
  has a *fixed* row (the settings' thresholds) and a *self-calibrated* row (thresholds fitted on that knowledge
  base, the product's default); the targets are checked on the self-calibrated rows.
- Speed numbers are medians over repetitions, each in a fresh process, on the machine named above. The
  "load avg" column is the 1-minute load average at the end of each run: when it exceeds the number of cores,
  other processes competed for the CPU, so throughput is understated and p99 overstated.`;

export function resultsDocument(sections: string[], note: string): string {
  return [
    '# Wendu benchmark results',
    '',
    `Generated by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}; machine: ${machineLine()}.`,
    note ? `\n${note}` : '',
    '',
    HOW_TO_READ,
    '',
    ...sections.flatMap((s) => [s, '']),
    'Methodology: see [docs/benchmark.md](../docs/benchmark.md).',
    '',
  ].join('\n');
}

const SECTION_HEADING = /^## (?:\d+\. )?(.+)$/;
/** The line that ends the sections of bench/results.md (written by resultsDocument). */
const RESULTS_TRAILER = 'Methodology:';
/** The section whose table a partial run updates row by row (its rows come from every other section). */
const TARGETS_TITLE = 'Targets';

interface ResultsParts {
  head: string[];
  sections: { title: string; lines: string[] }[];
  tail: string[];
}

function splitResults(doc: string): ResultsParts {
  const parts: ResultsParts = { head: [], sections: [], tail: [] };
  let inTail = false;
  for (const line of doc.split('\n')) {
    const heading = SECTION_HEADING.exec(line);
    if (line.startsWith(RESULTS_TRAILER)) inTail = true;
    if (inTail) parts.tail.push(line);
    else if (heading) parts.sections.push({ title: heading[1], lines: [line] });
    else if (parts.sections.length > 0) parts.sections[parts.sections.length - 1].lines.push(line);
    else parts.head.push(line);
  }
  return parts;
}

/** Table rows keyed by their first cell: the fresh rows replace their namesakes, new ones are appended. */
function mergeTableRows(old: string[], fresh: string[]): string[] {
  const key = (row: string) => row.split(' | ')[0];
  const rows = (lines: string[]) => lines.filter((l) => l.startsWith('|')).slice(2);
  const freshRows = rows(fresh);
  const freshKeys = new Set(freshRows.map(key));
  const kept = rows(old).map((row) => (freshKeys.has(key(row)) ? freshRows.find((f) => key(f) === key(row))! : row));
  const keptKeys = new Set(kept.map(key));
  const merged = [...kept, ...freshRows.filter((r) => !keptKeys.has(key(r)))];
  const firstRow = old.findIndex((l) => l.startsWith('|'));
  if (firstRow < 0) return fresh;
  const tableEnd = firstRow + 2 + rows(old).length;
  return [...old.slice(0, firstRow + 2), ...merged, ...old.slice(tableEnd)];
}

/**
 * A partial run (`--only answering --write`) updates bench/results.md in place: each section it ran replaces the
 * section of the same title (a new one goes before Targets), the Targets table keeps the rows of sections that did
 * not run, and the sections are numbered again in order. Everything else in the document is kept as it was.
 */
export function mergeResults(existing: string, freshSections: readonly string[]): string {
  const doc = splitResults(existing);
  for (const fresh of freshSections) {
    const [section] = splitResults(fresh.trimEnd() + '\n').sections;
    if (!section) continue;
    const at = doc.sections.findIndex((s) => s.title === section.title);
    if (at >= 0 && section.title === TARGETS_TITLE) doc.sections[at].lines = mergeTableRows(doc.sections[at].lines, section.lines);
    else if (at >= 0) doc.sections[at] = section;
    else {
      const targets = doc.sections.findIndex((s) => s.title === TARGETS_TITLE);
      doc.sections.splice(targets >= 0 ? targets : doc.sections.length, 0, section);
    }
  }
  const sections = doc.sections.map((s, i) => [`## ${i + 1}. ${s.title}`, ...s.lines.slice(1)]);
  // Each section ends with one blank line before the next heading.
  const body = sections.map((lines) => trimBlankEnd(lines).concat('')).flat();
  return [...doc.head, ...body, ...doc.tail].join('\n');
}

function trimBlankEnd(lines: string[]): string[] {
  let end = lines.length;
  while (end > 0 && lines[end - 1].trim() === '') end -= 1;
  return lines.slice(0, end);
}
