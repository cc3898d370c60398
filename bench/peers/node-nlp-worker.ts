/**
 * Child process for the node-nlp peer: trains one NlpManager and classifies every query. It
 * runs apart from the bench so a training run that exceeds its time budget can be killed, and
 * so its memory (one Float32 weight vector per intent) never disturbs the other measurements.
 *
 * Usage: node --import tsx bench/peers/node-nlp-worker.ts <input.json> <output.json>
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { MatchableEntry } from '../../src/nlu/types.js';
import { TRAINED_MARKER } from './node-nlp.js';

export interface NodeNlpJob {
  entries: MatchableEntry[];
  queries: string[];
  topK: number;
}

export interface NodeNlpJobResult {
  trainMs: number;
  /** CPU time (user + system) of training; the budget is in these units. */
  trainCpuMs: number;
  classifyMs: number;
  epochs: number;
  peakRssMb: number;
  ranked: string[][];
}

interface NlpClassification {
  intent: string;
  score: number;
}
interface NlpManagerLike {
  addDocument(locale: string, utterance: string, intent: string): void;
  train(): Promise<void>;
  process(locale: string, utterance: string): Promise<{ classifications?: NlpClassification[] }>;
}
type NlpManagerCtor = new (settings: object) => NlpManagerLike;

/** Progress is printed every this many epochs, so the parent can show that training lives. */
const EPOCH_REPORT_EVERY = 5;
const MB = 1024 * 1024;

async function main(): Promise<void> {
  const [inputPath, outputPath] = process.argv.slice(2);
  if (!inputPath || !outputPath) throw new Error('usage: node-nlp-worker <input.json> <output.json>');
  const job = JSON.parse(readFileSync(inputPath, 'utf8')) as NodeNlpJob;
  const { NlpManager } = createRequire(import.meta.url)('node-nlp') as { NlpManager: NlpManagerCtor };

  let epochs = 0;
  let peakRss = process.memoryUsage().rss;
  const manager = new NlpManager({
    languages: ['zh'],
    forceNER: false,
    nlu: {
      // nlp.js calls this once per epoch; we use it only to observe progress.
      log: (status: { iterations: number; error: number }, ms: number) => {
        epochs = status.iterations;
        peakRss = Math.max(peakRss, process.memoryUsage().rss);
        if (epochs % EPOCH_REPORT_EVERY === 0) {
          process.stderr.write(`epoch ${epochs} loss ${status.error.toExponential(2)} ${ms}ms/epoch rss ${Math.round(peakRss / MB)}MB\n`);
        }
      },
    },
  });
  for (const e of job.entries) {
    for (const q of [e.question, ...e.similarQuestions]) manager.addDocument('zh', q, e.id);
  }
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  await manager.train();
  const trainMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const trainCpuMs = (cpu.user + cpu.system) / 1000;
  process.stderr.write(`${TRAINED_MARKER} ${Math.round(trainMs / 1000)}s wall, ${Math.round(trainCpuMs / 1000)}s CPU\n`);

  const t1 = performance.now();
  const ranked: string[][] = [];
  for (const q of job.queries) {
    const r = await manager.process('zh', q);
    // classifications holds only intents with a positive score, best first; "None" is not an entry.
    const ids = (r.classifications ?? []).filter((c) => c.score > 0 && c.intent !== 'None').map((c) => c.intent);
    ranked.push(ids.slice(0, job.topK));
  }
  const classifyMs = performance.now() - t1;
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  const result: NodeNlpJobResult = { trainMs, trainCpuMs, classifyMs, epochs, peakRssMb: peakRss / MB, ranked };
  writeFileSync(outputPath, JSON.stringify(result));
}

main().catch((err: unknown) => {
  process.stderr.write(`node-nlp worker failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
