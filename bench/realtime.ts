/**
 * `npm run bench -- realtime`: one Wendu node under realtime load, next to bare servers measured
 * in the same run (the ratio is what survives a machine shared with other work).
 *
 *   burst  — N customers connected over `/customer`, each opens a conversation, then every one
 *            sends one question at once: bot replies per second, p50/p99 from send to reply,
 *            server resident memory; the same against a bare socket.io server (realtime-bare.ts).
 *   idle   — M customers connected with an open conversation and silent: server RSS; then every
 *            one asks a question and must be answered.
 *   http   — `POST /api/v1/chat` with autocannon (10 connections) on the 17k-entry lcqmc_test
 *            knowledge base (read at run time, imported into a temp folder) vs a bare fastify route.
 *
 * Servers are child processes (tsx, the CLI's `serve`), SQLite in a temp folder, rate limits
 * opened wide (every customer here comes from 127.0.0.1). `--cpu-prof DIR` profiles the Wendu child.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { io as connect, type Socket } from 'socket.io-client';
import { faqPath, missingReason } from './data.js';
import { progress } from './options.js';
import { cpuMsOf } from './proc-cpu.js';
import type { RealtimeOptions } from './realtime-options.js';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const TSX_LOADER = pathToFileURL(require.resolve('tsx')).href;
const CLI_MAIN = join(REPO_ROOT, 'src', 'cli', 'main.ts');
const BARE_SERVER = join(REPO_ROOT, 'bench', 'realtime-bare.ts');
/** Cold TypeScript compile, the segmenter's dictionary and a 17k-entry index on a busy machine. */
const START_TIMEOUT_MS = 180_000;
/** Connections opened at once: more only queues in the kernel's accept backlog. */
const CONNECT_BATCH = 200;
/** A round that has not heard every reply by then reports the rest as unanswered. */
const ROUND_TIMEOUT_MS = 180_000;
const STOP_GRACE_MS = 10_000;
const HTTP_CONNECTIONS = 10;
/**
 * A server counts as settled when it used less than this share of a core over IDLE_SAMPLE_MS:
 * after importing 17k entries it self-calibrates in the background for a while (docs/confidence.md),
 * a one-off per knowledge change that is not the steady-state cost of a request.
 */
const IDLE_CPU_SHARE = 0.2;
const IDLE_SAMPLE_MS = 1000;
/** Idle samples in a row: calibration starts only after a debounce (CALIBRATION_DEBOUNCE_MS, 2 s), so one quiet second proves nothing. */
const IDLE_SAMPLES_IN_A_ROW = 5;
const MS_PER_S = 1000;
const BYTES_PER_MB = 2 ** 20;
/** Budgets no benchmark reaches: the bench measures the turn path, not the rate limiter. */
const WIDE_OPEN = '1000000000';
const WIDE_OPEN_LIMITS = Object.fromEntries(
  ['CHAT', 'CONVERSATION', 'SIGNAL'].flatMap((stem) => [
    [`WENDU_${stem}_BURST`, WIDE_OPEN],
    [`WENDU_${stem}_REFILL_PER_SECOND`, WIDE_OPEN],
  ]),
);

interface ServerChild {
  child: ChildProcess;
  url: string;
  rssMb(): number;
  stop(): Promise<void>;
}

function spawnServer(nodeArgs: string[], env: Record<string, string> = {}, cwd = REPO_ROOT): Promise<ServerChild> {
  const child = spawn(process.execPath, nodeArgs, {
    cwd,
    env: { ...process.env, LOG_LEVEL: 'silent', WENDU_DATA: '', DATABASE_URL: '', REDIS_URL: '', HOST: '', ...WIDE_OPEN_LIMITS, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server printed no address: ${out}`));
    }, START_TIMEOUT_MS);
    const onOutput = (chunk: Buffer) => {
      out += String(chunk);
      const match = /http:\/\/127\.0\.0\.1:\d+/.exec(out);
      if (!match) return;
      child.stdout!.off('data', onOutput);
      clearTimeout(timer);
      resolve({
        child,
        url: match[0],
        rssMb: () => rssMbOf(child.pid!),
        async stop() {
          if (child.exitCode !== null || child.signalCode !== null) return;
          // SIGTERM first: a --cpu-prof child writes its profile only on a clean exit.
          child.kill('SIGTERM');
          const killer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
          await exited;
          clearTimeout(killer);
        },
      });
    };
    child.stdout!.on('data', onOutput);
    child.stderr!.on('data', (chunk: Buffer) => (out += String(chunk)));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}: ${out}`));
    });
  });
}

function rssMbOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return (kb * 1024) / BYTES_PER_MB;
}

/** `checkout`: another Wendu checkout to run instead of this one (the "before" of a change). */
function wenduServer(dataDir: string, opts: { demo: boolean; cpuProfDir?: string; env?: Record<string, string>; checkout?: string }): Promise<ServerChild> {
  const prof = opts.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${opts.cpuProfDir}`] : [];
  const root = opts.checkout ?? REPO_ROOT;
  const main = join(root, 'src', 'cli', 'main.ts');
  const args = [...prof, '--import', TSX_LOADER, main, 'serve', '--port', '0', '--host', '127.0.0.1', '--data', dataDir, ...(opts.demo ? ['--demo'] : [])];
  return spawnServer(args, opts.env, root);
}

function bareServer(mode: 'socket' | 'http'): Promise<ServerChild> {
  return spawnServer(['--import', TSX_LOADER, BARE_SERVER, mode]);
}

// ---------------------------------------------------------------------------------------------

interface Customer {
  socket: Socket;
  conversationId: string;
  externalId: string;
  lastSeq: number;
  /** The send of the current round, resent (same clientMessageId) if its ack was lost to a disconnect. */
  unacked: { clientMessageId: string; text: string } | null;
  reconnects: number;
}

/** Everything the server emits as `message`, also when it arrives as `missed` in a re-open's ack. */
type MessageListener = (m: ReceivedMessage) => void;

interface ReceivedMessage {
  seq: number;
  sender: string;
}

function ackOf<T>(socket: Socket, event: string, payload: unknown): Promise<T> {
  return new Promise((resolve) => socket.emit(event, payload, (ack: T) => resolve(ack)));
}

interface OpenAckLike {
  ok: boolean;
  conversationId: string;
  externalId: string;
  lastSeq: number;
  missed?: ReceivedMessage[];
  error?: unknown;
}

/**
 * Like the widget: on a loaded machine a server may miss a heartbeat and drop a socket; the
 * customer reconnects, re-opens from its last seq (the missed messages count as received) and
 * resends an unacknowledged message with its original id. Reconnects are reported.
 */
async function connectOne(url: string): Promise<Customer> {
  const socket = connect(`${url}/customer`, { transports: ['websocket'], forceNew: true });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  const ack = await ackOf<OpenAckLike>(socket, 'conversation:open', { channel: 'web' });
  if (!ack.ok) throw new Error(`conversation:open refused: ${JSON.stringify(ack.error)}`);
  const customer: Customer = { socket, conversationId: ack.conversationId, externalId: ack.externalId, lastSeq: ack.lastSeq, unacked: null, reconnects: 0 };
  socket.on('connect', () => void resume(customer));
  return customer;
}

async function resume(c: Customer): Promise<void> {
  c.reconnects += 1;
  const ack = await ackOf<OpenAckLike>(c.socket, 'conversation:open', { channel: 'web', conversationId: c.conversationId, profile: { externalId: c.externalId }, lastSeq: c.lastSeq });
  if (!ack.ok) return;
  for (const m of ack.missed ?? []) for (const listener of c.socket.listeners('message') as MessageListener[]) listener(m);
  if (c.unacked) send(c, c.unacked.clientMessageId, c.unacked.text);
}

function send(c: Customer, clientMessageId: string, text: string): void {
  c.unacked = { clientMessageId, text };
  c.socket.emit('message:send', { conversationId: c.conversationId, clientMessageId, text }, (ack: { ok: boolean; seq?: number }) => {
    if (!ack.ok) return;
    if (c.unacked?.clientMessageId === clientMessageId) c.unacked = null;
    if (ack.seq !== undefined) c.lastSeq = Math.max(c.lastSeq, ack.seq);
  });
}

async function connectCustomers(url: string, count: number): Promise<Customer[]> {
  const customers: Customer[] = [];
  for (let i = 0; i < count; i += CONNECT_BATCH) {
    customers.push(...(await Promise.all(Array.from({ length: Math.min(CONNECT_BATCH, count - i) }, () => connectOne(url)))));
  }
  return customers;
}

function closeCustomers(customers: Customer[]): void {
  for (const c of customers) c.socket.disconnect();
}

export interface RoundResult {
  customers: number;
  answered: number;
  /** Customers told 「当前咨询人数较多」 while their message waited (backpressure). */
  toldBusy: number;
  /** Reconnects during the round (a heartbeat missed under load). */
  reconnects: number;
  repliesPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /**
   * The server's CPU time (all its threads) from the send to the last reply, per reply: the
   * turn's cost, which a machine shared with other work changes far less than replies/s.
   */
  serverCpuMsPerReply: number;
  /** UTF-8 bytes of a bot message as the customer's socket receives it (its JSON; median over the round's first replies). */
  botMessageBytes: number;
  /** The bot's `typing` frames the customers received during the round, per reply (the protocol sends them only for slow replies). */
  typingFramesPerReply: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Every customer sends one question in the same tick; resolves when all have a reply (or the round times out). */
async function oneQuestionEach(customers: Customer[], questions: string[], round: number, serverPid: number): Promise<RoundResult> {
  const latencies: number[] = [];
  const messageBytes: number[] = [];
  const cpuBefore = cpuMsOf(serverPid) ?? NaN;
  let toldBusy = 0;
  let lastReplyAt = 0;
  const start = performance.now();
  const reconnectsBefore = customers.reduce((n, c) => n + c.reconnects, 0);
  let typingFrames = 0;
  const onTyping = () => {
    typingFrames += 1;
  };
  for (const c of customers) c.socket.on('typing', onTyping);
  const waits = customers.map(
    (c, i) =>
      new Promise<void>((resolve) => {
        const sentAt = performance.now();
        const timer = setTimeout(done, ROUND_TIMEOUT_MS);
        function done() {
          clearTimeout(timer);
          c.socket.off('message', onMessage);
          c.socket.off('busy', onBusy);
          resolve();
        }
        function onMessage(m: ReceivedMessage) {
          if (m.seq <= c.lastSeq || m.sender === 'customer') return;
          c.lastSeq = m.seq;
          lastReplyAt = performance.now();
          latencies.push(lastReplyAt - sentAt);
          messageBytes.push(Buffer.byteLength(JSON.stringify(m)));
          done();
        }
        function onBusy() {
          toldBusy += 1;
        }
        c.socket.on('message', onMessage);
        c.socket.on('busy', onBusy);
        send(c, `bench-${round}-${i}`, questions[(i + round) % questions.length]);
      }),
  );
  await Promise.all(waits);
  const serverCpuMs = (cpuMsOf(serverPid) ?? NaN) - cpuBefore;
  for (const c of customers) c.socket.off('typing', onTyping);
  latencies.sort((a, b) => a - b);
  const seconds = (lastReplyAt - start) / MS_PER_S;
  const reconnects = customers.reduce((n, c) => n + c.reconnects, 0) - reconnectsBefore;
  return { customers: customers.length, answered: latencies.length, toldBusy, reconnects, repliesPerSecond: latencies.length / seconds, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99), serverCpuMsPerReply: serverCpuMs / latencies.length, botMessageBytes: median(messageBytes), typingFramesPerReply: typingFrames / latencies.length };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function medianRound(rounds: RoundResult[]): RoundResult {
  return {
    customers: rounds[0].customers,
    answered: Math.min(...rounds.map((r) => r.answered)),
    toldBusy: median(rounds.map((r) => r.toldBusy)),
    reconnects: Math.max(...rounds.map((r) => r.reconnects)),
    repliesPerSecond: median(rounds.map((r) => r.repliesPerSecond)),
    p50Ms: median(rounds.map((r) => r.p50Ms)),
    p99Ms: median(rounds.map((r) => r.p99Ms)),
    serverCpuMsPerReply: median(rounds.map((r) => r.serverCpuMsPerReply)),
    botMessageBytes: median(rounds.map((r) => r.botMessageBytes)),
    typingFramesPerReply: median(rounds.map((r) => r.typingFramesPerReply)),
  };
}


function demoQuestions(): string[] {
  const queries = JSON.parse(readFileSync(join(REPO_ROOT, 'demo', 'eval-queries.json'), 'utf8')) as Array<{ query: string }>;
  return queries.map((q) => q.query);
}

interface Contender {
  label: string;
  server: ServerChild;
  customers: Customer[];
  rounds: RoundResult[];
  rssMb: number;
}

/**
 * The servers take turns, round by round (bare, Wendu, bare, …): on a machine whose load
 * changes by the minute, each ratio compares rounds run under the same load.
 */
async function interleavedRounds(contenders: Contender[], reps: number, questions: string[]): Promise<void> {
  for (let rep = 0; rep < reps; rep++) {
    for (const c of contenders) {
      const r = await oneQuestionEach(c.customers, questions, rep, c.server.child.pid!);
      c.rssMb = Math.max(c.rssMb, c.server.rssMb());
      progress('realtime', `${c.label} ${r.customers}: ${r.answered}/${r.customers} answered, ${Math.round(r.repliesPerSecond)}/s, p50 ${Math.round(r.p50Ms)} ms, p99 ${Math.round(r.p99Ms)} ms, server CPU ${r.serverCpuMsPerReply.toFixed(2)} ms/reply, bot message ${Math.round(r.botMessageBytes)} B, typing frames/reply ${r.typingFramesPerReply.toFixed(2)}, busy ${r.toldBusy}, reconnects ${r.reconnects}, RSS ${Math.round(c.rssMb)} MB, load ${loadavg()[0].toFixed(1)}`);
      c.rounds.push(r);
    }
  }
}

export interface BurstResult {
  customers: number;
  wendu: RoundResult;
  bare: RoundResult;
  /** The same rounds against the checkout given with --before, when given. */
  before?: { result: RoundResult; rssMb: number };
  /** Median over rounds of Wendu's replies/s ÷ the bare server's in the round run next to it. */
  ratioToBare: number;
  beforeRatioToBare?: number;
  wenduRssMb: number;
  reps: number;
  loadAvg: number;
}

function pairedRatio(a: RoundResult[], b: RoundResult[]): number {
  return median(a.map((r, i) => r.repliesPerSecond / b[i].repliesPerSecond));
}

export async function runBurst(count: number, opts: RealtimeOptions): Promise<BurstResult> {
  const questions = demoQuestions();
  const dirs: string[] = [];
  const contenders: Contender[] = [];
  const loads: number[] = [];
  try {
    const servers: Array<[string, () => Promise<ServerChild>]> = [
      ['bare socket.io', () => bareServer('socket')],
      ['Wendu', () => wenduServer(dirs[dirs.push(mkdtempSync(join(tmpdir(), 'wendu-bench-rt-'))) - 1], { demo: true, cpuProfDir: opts.cpuProfDir, env: opts.serverEnv })],
    ];
    if (opts.beforeCheckout) {
      const checkout = opts.beforeCheckout;
      servers.push(['Wendu before', () => wenduServer(dirs[dirs.push(mkdtempSync(join(tmpdir(), 'wendu-bench-rt-'))) - 1], { demo: true, env: opts.serverEnv, checkout })]);
    }
    for (const [label, start] of servers) {
      const server = await start();
      progress('realtime', `${label}: connecting ${count} customers`);
      contenders.push({ label, server, customers: await connectCustomers(server.url, count), rounds: [], rssMb: 0 });
    }
    await interleavedRounds(contenders, opts.reps, questions);
    loads.push(loadavg()[0]);
    const [bare, wendu, before] = contenders;
    return {
      customers: count,
      wendu: medianRound(wendu.rounds),
      bare: medianRound(bare.rounds),
      ...(before ? { before: { result: medianRound(before.rounds), rssMb: before.rssMb } } : {}),
      ratioToBare: pairedRatio(wendu.rounds, bare.rounds),
      ...(before ? { beforeRatioToBare: pairedRatio(before.rounds, bare.rounds) } : {}),
      wenduRssMb: wendu.rssMb,
      reps: opts.reps,
      loadAvg: loads[0],
    };
  } finally {
    for (const c of contenders) {
      closeCustomers(c.customers);
      await c.server.stop();
    }
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
}

export interface IdleResult {
  customers: number;
  idleRssMb: number;
  afterRssMb: number;
  round: RoundResult;
  loadAvg: number;
}

export async function runIdle(count: number, opts: RealtimeOptions): Promise<IdleResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'wendu-bench-idle-'));
  const server = await wenduServer(dataDir, { demo: true, env: opts.serverEnv });
  try {
    progress('realtime', `idle: connecting ${count} customers`);
    const customers = await connectCustomers(server.url, count);
    // Let the opens' garbage be collected: the idle footprint is what stays.
    await new Promise((r) => setTimeout(r, 5 * MS_PER_S));
    const idleRssMb = server.rssMb();
    progress('realtime', `idle: ${count} connected, server RSS ${Math.round(idleRssMb)} MB; now every one asks`);
    const round = await oneQuestionEach(customers, demoQuestions(), 0, server.child.pid!);
    const afterRssMb = server.rssMb();
    closeCustomers(customers);
    return { customers: count, idleRssMb, afterRssMb, round, loadAvg: loadavg()[0] };
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
}
type Autocannon = (opts: object) => Promise<AutocannonResult>;

export interface HttpSide {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  /** The server's CPU time (all threads) during the run ÷ the requests answered: what a change is compared by on a shared machine. */
  serverCpuMsPerRequest: number;
}

export interface HttpResult {
  entries: number;
  /** Medians over the rounds. */
  wendu: HttpSide;
  bare: HttpSide;
  /** `--before`: the other checkout, measured in the same rounds. */
  before?: HttpSide;
  /** Median of each round's ratio to the bare round beside it (as the bursts). */
  ratioToBare: number;
  beforeRatioToBare?: number;
  rounds: number;
  wenduRssMb: number;
  seconds: number;
  loadAvg: number;
}

/** Waits (at most START_TIMEOUT_MS) until the server is nearly idle; returns the seconds waited. */
async function settled(pid: number): Promise<number> {
  const start = performance.now();
  let quiet = 0;
  while (quiet < IDLE_SAMPLES_IN_A_ROW && performance.now() - start < START_TIMEOUT_MS) {
    const before = cpuMsOf(pid) ?? 0;
    await new Promise((resolve) => setTimeout(resolve, IDLE_SAMPLE_MS));
    quiet = (cpuMsOf(pid) ?? 0) - before < IDLE_CPU_SHARE * IDLE_SAMPLE_MS ? quiet + 1 : 0;
  }
  return (performance.now() - start) / MS_PER_S;
}

async function cannon(server: ServerChild, bodies: string[], seconds: number): Promise<HttpSide> {
  const autocannon = require('autocannon') as Autocannon;
  const cpuBefore = cpuMsOf(server.child.pid!) ?? NaN;
  const result = await autocannon({
    url: `${server.url}/api/v1/chat`,
    connections: HTTP_CONNECTIONS,
    duration: seconds,
    requests: bodies.map((body) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body })),
  });
  const cpuMs = (cpuMsOf(server.child.pid!) ?? NaN) - cpuBefore;
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx + result.errors,
    serverCpuMsPerRequest: cpuMs / Math.max(1, result.requests.total),
  };
}

function medianSide(sides: HttpSide[]): HttpSide {
  return {
    requestsPerSecond: median(sides.map((s) => s.requestsPerSecond)),
    p50Ms: median(sides.map((s) => s.p50Ms)),
    p99Ms: median(sides.map((s) => s.p99Ms)),
    non2xx: sides.reduce((sum, s) => sum + s.non2xx, 0),
    serverCpuMsPerRequest: median(sides.map((s) => s.serverCpuMsPerRequest)),
  };
}

/**
 * `POST /api/v1/chat` on the 17k knowledge base against a bare fastify route. With `--before`,
 * the other checkout answers from a copy of the same imported data, and the servers take turns
 * round by round (bare, Wendu, before, …) for `--reps` rounds: only paired rounds compare on a
 * machine whose load changes by the minute.
 */
export async function runHttp(opts: RealtimeOptions): Promise<HttpResult | { skipped: string }> {
  const source = faqPath('lcqmc_test');
  const missing = missingReason(source);
  if (missing) return { skipped: missing };
  const faq = JSON.parse(readFileSync(source, 'utf8')) as { entries: Array<{ id: string; question: string; similar_questions: string[] }>; queries: Array<{ query: string }> };
  const dataDir = mkdtempSync(join(tmpdir(), 'wendu-bench-http-'));
  const beforeDir = opts.beforeCheckout ? mkdtempSync(join(tmpdir(), 'wendu-bench-http-before-')) : undefined;
  const servers: ServerChild[] = [];
  try {
    // The evaluation data stays outside the repository: imported into the temp folder only.
    const file = join(dataDir, 'lcqmc_test-kb.json');
    writeFileSync(file, JSON.stringify(faq.entries.map((e) => ({ id: e.id, question: e.question, similar_questions: e.similar_questions, answer: `（条目 ${e.id} 的答案）`, category: '评测' }))));
    progress('realtime', `http: importing ${faq.entries.length} entries`);
    const imported = spawnSync(process.execPath, ['--import', TSX_LOADER, CLI_MAIN, 'import', file, '--partial', '--data', dataDir], { cwd: REPO_ROOT, env: { ...process.env, LOG_LEVEL: 'silent', DATABASE_URL: '', WENDU_DATA: '' }, encoding: 'utf8' });
    if (imported.status !== 0) throw new Error(`wendu import failed: ${imported.stdout}${imported.stderr}`);
    if (beforeDir) cpSync(dataDir, beforeDir, { recursive: true });
    const bodies = faq.queries.slice(0, 2000).map((q) => JSON.stringify({ text: q.query }));
    const bare = await bareServer('http');
    servers.push(bare);
    const wendu = await wenduServer(dataDir, { demo: false, env: opts.serverEnv, cpuProfDir: opts.cpuProfDir });
    servers.push(wendu);
    const before = beforeDir ? await wenduServer(beforeDir, { demo: false, env: opts.serverEnv, checkout: opts.beforeCheckout }) : undefined;
    if (before) servers.push(before);
    for (const server of [wendu, before]) {
      if (!server) continue;
      const settledAfterS = await settled(server.child.pid!);
      progress('realtime', `http: server settled (background calibration done) after ${settledAfterS.toFixed(0)} s`);
      await cannon(server, bodies.slice(0, 200), 2); // warm-up: first-query costs are not throughput
    }
    const rounds = before ? opts.reps : 1;
    const sides: { bare: HttpSide[]; wendu: HttpSide[]; before: HttpSide[] } = { bare: [], wendu: [], before: [] };
    for (let round = 0; round < rounds; round++) {
      sides.bare.push(await cannon(bare, bodies, opts.httpSeconds));
      sides.wendu.push(await cannon(wendu, bodies, opts.httpSeconds));
      if (before) sides.before.push(await cannon(before, bodies, opts.httpSeconds));
      progress('realtime', `http round ${round + 1}/${rounds}: ${[sides.wendu, sides.before, sides.bare].flatMap((list) => (list.length ? [Math.round(list[round].requestsPerSecond)] : [])).join(' / ')} req/s (Wendu${before ? ' / before' : ''} / bare)`);
    }
    const ratioOf = (list: HttpSide[]) => median(list.map((side, i) => side.requestsPerSecond / sides.bare[i].requestsPerSecond));
    return {
      entries: faq.entries.length,
      wendu: medianSide(sides.wendu),
      bare: medianSide(sides.bare),
      ...(before ? { before: medianSide(sides.before), beforeRatioToBare: ratioOf(sides.before) } : {}),
      ratioToBare: ratioOf(sides.wendu),
      rounds,
      wenduRssMb: wendu.rssMb(),
      seconds: opts.httpSeconds,
      loadAvg: loadavg()[0],
    };
  } finally {
    for (const server of servers) await server.stop();
    for (const dir of [dataDir, beforeDir]) if (dir) rmSync(dir, { recursive: true, force: true });
  }
}
