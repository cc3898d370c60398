/**
 * Child process for one speed measurement, so each number comes from a fresh process with
 * nothing else in its heap. Prints one JSON object on stdout.
 *
 * Usage: node --expose-gc --import tsx bench/speed-worker.ts <kb10k|kb1k|index50k> <wendu|bm25> <queries> <warm-up> <time limit ms>
 * (kb1k, a shop-sized knowledge base, is measured by hand only; `npm run bench` runs kb10k and index50k.)
 */
import { loadavg } from 'node:os';
import { percentile } from './metrics.js';
import { createBm25Peer } from './peers/minisearch.js';
import { fiftyThousandQuestionKb, SMALL_SPEED_KB_ENTRIES, tenThousandEntryKb } from './speed-kb.js';
import { loadWenduMatcher, wenduRetriever, type Retriever } from './systems.js';
import type { MatchableEntry } from '../src/nlu/types.js';

export type SpeedMeasurement = 'kb10k' | 'kb1k' | 'index50k';
export type SpeedSystem = 'wendu' | 'bm25';

export interface SpeedSample {
  measurement: SpeedMeasurement;
  system: SpeedSystem;
  entries: number;
  questions: number;
  indexMs: number;
  /** CPU time (user + system) spent indexing: what a free core would take, under load too. */
  indexCpuMs: number;
  /** RSS and heap after indexing and a full GC, before any query. */
  rssMb: number;
  heapMb: number;
  /** RSS of the same process before the knowledge base was built (runtime + dictionaries). */
  baselineRssMb: number;
  queries?: number;
  matchesPerSecond?: number;
  /** Queries per second of CPU time used by this process: what one free core would do, under load too. */
  cpuMatchesPerSecond?: number;
  p50Ms?: number;
  p99Ms?: number;
  /**
   * The same percentiles of each query's CPU time (user + system of the process around it): the
   * latency a free core would give, which the wall-clock p99 cannot show while other work competes.
   */
  cpuP50Ms?: number;
  cpuP99Ms?: number;
  /** 1-minute load average when the run ended: above the core count, other work competed. */
  loadAvg: number;
}

/** Top-k asked for in the throughput test: what the dialog needs (answer + two suggestions). */
export const SPEED_TOP_K = 3;
const MB = 1024 * 1024;
const NS_PER_MS = 1e6;
const US_PER_MS = 1e3;

function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('speed-worker needs --expose-gc');
  gc();
  gc();
}

async function buildSystem(system: SpeedSystem, entries: MatchableEntry[]): Promise<Retriever> {
  if (system === 'bm25') return createBm25Peer(entries);
  const load = await loadWenduMatcher();
  if (!load.ok) throw new Error(load.reason);
  return wenduRetriever(load.module.createMatcher(entries));
}

async function main(): Promise<void> {
  const [measurement, system, ...numbers] = process.argv.slice(2) as [SpeedMeasurement, SpeedSystem, string, string, string];
  const [queryCount, warmupCount, timeLimitMs] = numbers.map(Number);
  const kb =
    measurement === 'kb10k' ? tenThousandEntryKb(queryCount + warmupCount) : measurement === 'kb1k' ? tenThousandEntryKb(queryCount + warmupCount, SMALL_SPEED_KB_ENTRIES) : fiftyThousandQuestionKb();
  // Load code and dictionaries (jieba, matcher module) before timing: a one-off cost at boot.
  const tiny = await buildSystem(system, [{ id: 'warm', question: '怎么修改绑定的银行卡', similarQuestions: [] }]);
  tiny.rank('银行卡怎么换', SPEED_TOP_K);
  collectGarbage();
  const baselineRssMb = process.memoryUsage().rss / MB;

  const t0 = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  const retriever = await buildSystem(system, kb.entries);
  const indexMs = Number(process.hrtime.bigint() - t0) / NS_PER_MS;
  const indexCpu = process.cpuUsage(cpu0);
  collectGarbage();
  const mem = process.memoryUsage();
  const sample: SpeedSample = {
    measurement,
    system,
    entries: kb.entries.length,
    questions: kb.questions,
    indexMs,
    indexCpuMs: (indexCpu.user + indexCpu.system) / 1000,
    rssMb: mem.rss / MB,
    heapMb: mem.heapUsed / MB,
    baselineRssMb,
    loadAvg: 0,
  };

  if (measurement !== 'index50k') {
    // Warm-up first, so the JIT has compiled the hot paths before anything is timed.
    for (const q of kb.queries.slice(0, warmupCount)) retriever.rank(q, SPEED_TOP_K);
    const timed = kb.queries.slice(warmupCount);
    const lat: number[] = [];
    const cpuLat: number[] = [];
    const cpuStart = process.cpuUsage();
    const start = process.hrtime.bigint();
    const limitNs = BigInt(Math.round(timeLimitMs * NS_PER_MS));
    let cpuBefore = cpuStart;
    for (const q of timed) {
      const q0 = process.hrtime.bigint();
      retriever.rank(q, SPEED_TOP_K);
      const q1 = process.hrtime.bigint();
      const cpuAfter = process.cpuUsage();
      lat.push(Number(q1 - q0) / NS_PER_MS);
      cpuLat.push((cpuAfter.user - cpuBefore.user + cpuAfter.system - cpuBefore.system) / US_PER_MS);
      cpuBefore = cpuAfter;
      // A slow system is measured on fewer queries rather than for ever.
      if (q1 - start > limitNs) break;
    }
    const totalMs = Number(process.hrtime.bigint() - start) / NS_PER_MS;
    const cpu = process.cpuUsage(cpuStart);
    Object.assign(sample, {
      queries: lat.length,
      matchesPerSecond: lat.length / (totalMs / 1000),
      cpuMatchesPerSecond: lat.length / ((cpu.user + cpu.system) / 1e6),
      p50Ms: percentile(lat, 0.5),
      p99Ms: percentile(lat, 0.99),
      cpuP50Ms: percentile(cpuLat, 0.5),
      cpuP99Ms: percentile(cpuLat, 0.99),
    });
  }
  sample.loadAvg = loadavg()[0];
  process.stdout.write(`${JSON.stringify(sample)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`speed worker failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
