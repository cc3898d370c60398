/**
 * Section 3: speed and memory. Every measurement runs in its own child process (with
 * --expose-gc) so JIT state, caches and garbage from one system never leak into another's
 * numbers; each is repeated and the median reported.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { median } from './metrics.js';
import { progress } from './options.js';
import type { SpeedMeasurement, SpeedSample, SpeedSystem } from './speed-worker.js';

/** Repetitions per measurement; the median is reported. */
export const SPEED_REPETITIONS = 3;
/**
 * Timed queries and warm-up queries per throughput run. BM25 with character unigrams scores
 * most documents for every query (~0.1 s each), so it gets fewer; its median is still stable.
 */
export const SPEED_QUERIES: Record<SpeedSystem, { timed: number; warmup: number }> = {
  wendu: { timed: 3000, warmup: 300 },
  bm25: { timed: 300, warmup: 30 },
};
export const QUICK_SPEED_QUERIES: Record<SpeedSystem, { timed: number; warmup: number }> = {
  wendu: { timed: 1000, warmup: 200 },
  bm25: { timed: 60, warmup: 10 },
};
/** A throughput run stops after this long, however many queries are left. */
export const THROUGHPUT_TIME_LIMIT_MS = 30_000;

const WORKER = fileURLToPath(new URL('./speed-worker.ts', import.meta.url));

/** Medians of a measurement's samples, with how many repetitions they came from. */
export interface SpeedSummary extends SpeedSample {
  repetitions: number;
}

export interface SpeedResult {
  summaries: SpeedSummary[];
  failures: string[];
}

function runWorker(measurement: SpeedMeasurement, system: SpeedSystem, queries: { timed: number; warmup: number }): Promise<SpeedSample> {
  return new Promise((resolvePromise, reject) => {
    const tsx = import.meta.resolve('tsx');
    const child = spawn(process.execPath, ['--expose-gc', '--import', tsx, WORKER, measurement, system, String(queries.timed), String(queries.warmup), String(THROUGHPUT_TIME_LIMIT_MS)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`${measurement}/${system}: exit ${code}: ${err.trim().split('\n').slice(0, 2).join(' ')}`));
      resolvePromise(JSON.parse(out.trim().split('\n').pop() ?? '{}') as SpeedSample);
    });
  });
}

function summarise(samples: SpeedSample[]): SpeedSummary {
  const pick = (f: (s: SpeedSample) => number | undefined): number | undefined => {
    const xs = samples.map(f).filter((x): x is number => x !== undefined);
    return xs.length ? median(xs) : undefined;
  };
  const first = samples[0];
  return {
    system: first.system,
    measurement: first.measurement,
    repetitions: samples.length,
    entries: first.entries,
    questions: first.questions,
    indexMs: pick((s) => s.indexMs) ?? Number.NaN,
    indexCpuMs: pick((s) => s.indexCpuMs) ?? Number.NaN,
    rssMb: pick((s) => s.rssMb) ?? Number.NaN,
    heapMb: pick((s) => s.heapMb) ?? Number.NaN,
    baselineRssMb: pick((s) => s.baselineRssMb) ?? Number.NaN,
    queries: first.queries,
    matchesPerSecond: pick((s) => s.matchesPerSecond),
    cpuMatchesPerSecond: pick((s) => s.cpuMatchesPerSecond),
    p50Ms: pick((s) => s.p50Ms),
    p99Ms: pick((s) => s.p99Ms),
    cpuP50Ms: pick((s) => s.cpuP50Ms),
    cpuP99Ms: pick((s) => s.cpuP99Ms),
    loadAvg: pick((s) => s.loadAvg) ?? Number.NaN,
  };
}

export async function runSpeed(opts: { quick: boolean; wenduAvailable: boolean }): Promise<SpeedResult> {
  const reps = opts.quick ? 1 : SPEED_REPETITIONS;
  const queries = opts.quick ? QUICK_SPEED_QUERIES : SPEED_QUERIES;
  const systems: SpeedSystem[] = opts.wenduAvailable ? ['wendu', 'bm25'] : ['bm25'];
  const result: SpeedResult = { summaries: [], failures: [] };
  for (const measurement of ['kb10k', 'index50k'] as const) {
    for (const system of systems) {
      // --quick keeps the 50k indexing run for Wendu only: BM25's takes most of a minute.
      if (opts.quick && measurement === 'index50k' && system !== 'wendu') continue;
      const samples: SpeedSample[] = [];
      for (let r = 1; r <= reps; r += 1) {
        progress('speed', `${measurement} ${system} repetition ${r}/${reps}`);
        try {
          samples.push(await runWorker(measurement, system, queries[system]));
        } catch (err) {
          result.failures.push((err as Error).message);
          break;
        }
      }
      if (samples.length) result.summaries.push(summarise(samples));
    }
  }
  return result;
}
