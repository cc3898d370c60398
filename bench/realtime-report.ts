/**
 * The realtime section of bench/results.md. It sits between markers so that `npm run bench`
 * (matching) and `npm run bench -- realtime` each rewrite only their own part of the file.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { machineLine } from './report.js';
import type { BurstResult, HttpResult, HttpSide, IdleResult, RoundResult } from './realtime.js';

const START = '<!-- realtime:start -->';
const END = '<!-- realtime:end -->';
/** The issue's targets (issue 10, "One node"). */
export const REALTIME_TARGETS = {
  repliesPerSecondAt5000: 2000,
  ratioToBareSocket: 0.12,
  p99Ms: 1000,
  idleRssMb: 1024,
  httpRatioToBare: 0.5,
  httpP99Ms: 50,
} as const;

const int = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '—');
const mark = (ok: boolean) => (ok ? '✅' : '❌ NOT met');

function roundCells(r: RoundResult): string {
  return `${r.answered.toLocaleString('en-US')} / ${r.customers.toLocaleString('en-US')} | ${int(r.repliesPerSecond)} | ${int(r.p50Ms)} | ${int(r.p99Ms)} | ${r.serverCpuMsPerReply.toFixed(2)} | ${int(r.botMessageBytes)}`;
}

export function realtimeSection(burst: BurstResult[], idle: IdleResult | null, http: HttpResult | { skipped: string } | null, serverEnv: Record<string, string>): string {
  const lines = [
    '## 5. Realtime, one node (`npm run bench -- realtime`)',
    '',
    `Run on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC; machine: ${machineLine()}. The load generator shares the`,
    'same two cores, and other engineers\' work ran on them too (load average in the tables): the absolute numbers',
    'are from a loaded machine — compare the **ratio** to the bare server measured in the same run, and the server\'s',
    'CPU milliseconds per reply (all its threads, send to last reply), which the machine\'s load changes least.',
    Object.keys(serverEnv).length ? `Server environment: ${Object.entries(serverEnv).map(([k, v]) => `\`${k}=${v}\``).join(', ')}.` : '',
    '',
  ];
  if (burst.length) {
    lines.push(
      '### Burst: every connected customer sends one question at once (medians over repetitions; the servers take turns round by round, and the ratio is the median of each round\'s ratio to the bare round beside it)',
      '',
      '| customers | server | answered | replies/s | p50 ms | p99 ms | server CPU ms/reply | bot message bytes | told busy | reconnects | server RSS MB | ratio to bare | reps | load avg |',
      '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    );
    for (const b of burst) {
      lines.push(`| ${int(b.customers)} | Wendu | ${roundCells(b.wendu)} | ${int(b.wendu.toldBusy)} | ${int(b.wendu.reconnects)} | ${int(b.wenduRssMb)} | **${b.ratioToBare.toFixed(3)}** | ${b.reps} | ${b.loadAvg.toFixed(1)} |`);
      if (b.before) lines.push(`| ${int(b.customers)} | Wendu before (--before) | ${roundCells(b.before.result)} | ${int(b.before.result.toldBusy)} | ${int(b.before.result.reconnects)} | ${int(b.before.rssMb)} | ${(b.beforeRatioToBare ?? NaN).toFixed(3)} | ${b.reps} | |`);
      lines.push(`| ${int(b.customers)} | bare socket.io | ${roundCells(b.bare)} | — | ${int(b.bare.reconnects)} | — | 1 | ${b.reps} | |`);
    }
    lines.push('');
  }
  if (idle) {
    lines.push(
      '### Idle: customers connected with an open conversation, then every one asks',
      '',
      '| customers | server RSS idle MB | answered | replies/s | p50 ms | p99 ms | server CPU ms/reply | bot message bytes | RSS after MB | load avg |',
      '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
      `| ${int(idle.customers)} | ${int(idle.idleRssMb)} | ${roundCells(idle.round)} | ${int(idle.afterRssMb)} | ${idle.loadAvg.toFixed(1)} |`,
      '',
    );
  }
  if (http && 'skipped' in http) lines.push('### `POST /api/v1/chat`', '', `Skipped: ${http.skipped}`, '');
  else if (http) {
    const side = (name: string, h: HttpSide, rss: string, ratioToBare: string, load: string) =>
      `| ${name} | ${int(h.requestsPerSecond)} | ${h.p50Ms} | ${h.p99Ms} | ${h.serverCpuMsPerRequest.toFixed(2)} | ${h.non2xx} | ${rss} | ${ratioToBare} | ${load} |`;
    lines.push(
      `### \`POST /api/v1/chat\`, autocannon 10 connections, ${http.seconds} s${http.rounds > 1 ? ` × ${http.rounds} rounds (medians; the servers take turns round by round)` : ''}, knowledge base of ${int(http.entries)} entries (lcqmc_test)`,
      '',
      '| server | req/s | p50 ms | p99 ms | server CPU ms/request | non-2xx | server RSS MB | ratio to bare | load avg |',
      '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
      side('Wendu', http.wendu, int(http.wenduRssMb), `**${http.ratioToBare.toFixed(3)}**`, http.loadAvg.toFixed(1)),
      ...(http.before ? [side('before (`--before`)', http.before, '', (http.beforeRatioToBare ?? NaN).toFixed(3), '')] : []),
      side('bare fastify', http.bare, '—', '1', ''),
      '',
    );
  }
  lines.push('### Targets (issue 10)', '', '| target | goal | measured | |', '| --- | --- | --- | --- |');
  const at5000 = burst.find((b) => b.customers === 5000);
  // A partial run still says where the targets stand: not measured is not met.
  const notMeasured = (target: string, goal: string) => lines.push(`| ${target} | ${goal} | not measured in this run | ❌ not shown met |`);
  if (!at5000) {
    const t = REALTIME_TARGETS;
    notMeasured('replies/s, 5,000 connected', `≥ ${int(t.repliesPerSecondAt5000)}`);
    notMeasured('ratio to bare socket.io, same run', `≥ ${t.ratioToBareSocket}`);
    notMeasured('p99, 5,000 connected', `< ${int(t.p99Ms)} ms`);
  }
  if (!idle) notMeasured('RSS, 10,000 idle; every idle customer answered', `< ${int(REALTIME_TARGETS.idleRssMb)} MB`);
  if (!http || 'skipped' in http) notMeasured('/api/v1/chat ratio to bare fastify; p99', `≥ ${REALTIME_TARGETS.httpRatioToBare}; < ${REALTIME_TARGETS.httpP99Ms} ms`);
  if (at5000) {
    const t = REALTIME_TARGETS;
    lines.push(`| replies/s, 5,000 connected | ≥ ${int(t.repliesPerSecondAt5000)} | ${int(at5000.wendu.repliesPerSecond)} | ${mark(at5000.wendu.repliesPerSecond >= t.repliesPerSecondAt5000)} |`);
    const r = at5000.ratioToBare;
    lines.push(`| ratio to bare socket.io, same run | ≥ ${t.ratioToBareSocket} | ${r.toFixed(3)} | ${mark(r >= t.ratioToBareSocket)} |`);
    lines.push(`| p99, 5,000 connected | < ${int(t.p99Ms)} ms | ${int(at5000.wendu.p99Ms)} ms | ${mark(at5000.wendu.p99Ms < t.p99Ms)} |`);
  }
  if (idle) {
    lines.push(`| RSS, ${int(idle.customers)} idle | < ${int(REALTIME_TARGETS.idleRssMb)} MB | ${int(idle.idleRssMb)} MB | ${mark(idle.idleRssMb < REALTIME_TARGETS.idleRssMb)} |`);
    lines.push(`| every idle customer answered | ${int(idle.customers)} | ${int(idle.round.answered)} | ${mark(idle.round.answered === idle.customers)} |`);
  }
  if (http && !('skipped' in http)) {
    const r = http.ratioToBare;
    lines.push(`| /api/v1/chat ratio to bare fastify | ≥ ${REALTIME_TARGETS.httpRatioToBare} | ${r.toFixed(3)} | ${mark(r >= REALTIME_TARGETS.httpRatioToBare)} |`);
    lines.push(`| /api/v1/chat p99 | < ${REALTIME_TARGETS.httpP99Ms} ms | ${http.wendu.p99Ms} ms | ${mark(http.wendu.p99Ms < REALTIME_TARGETS.httpP99Ms)} |`);
  }
  lines.push('', 'What was profiled and changed: [docs/performance.md](../docs/performance.md).');
  return lines.filter((l, i, all) => !(l === '' && all[i - 1] === '')).join('\n');
}

/** The realtime block of an existing results file, markers included, or '' when it has none. */
export function existingRealtimeBlock(path: URL): string {
  if (!existsSync(path)) return '';
  const text = readFileSync(path, 'utf8');
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  return start >= 0 && end > start ? text.slice(start, end + END.length) : '';
}

/** Replaces (or appends) the realtime block of the results file, leaving the matching sections as they are. */
export function writeRealtimeBlock(path: URL, section: string): void {
  const block = `${START}\n${section}\n${END}`;
  const text = existsSync(path) ? readFileSync(path, 'utf8') : '# Wendu benchmark results\n';
  const old = existingRealtimeBlock(path);
  writeFileSync(path, old ? text.replace(old, block) : `${text.trimEnd()}\n\n${block}\n`);
}
