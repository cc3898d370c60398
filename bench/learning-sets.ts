/** The phrasing sets the learning section learns from and asks (bench/learning.ts, bench/learning-worker.ts). */
import { DEMO_DIR, TELECOM_DEMO_DIR } from '../src/server/demo-loader.js';

export const LEARNING_SETS = [
  { key: 'tuning', label: 'demo shop, tuning set (demo/eval-queries.json)', folder: DEMO_DIR, file: 'eval-queries.json', heldOut: false },
  { key: 'heldout', label: 'demo shop, held out (demo/heldout-queries.json)', folder: DEMO_DIR, file: 'heldout-queries.json', heldOut: true },
  { key: 'telecom', label: 'telecom trade, held out (demo/trades/telecom)', folder: TELECOM_DEMO_DIR, file: 'heldout-queries.json', heldOut: true },
  // Written to tune learning on (2026-11-30): 4 customer phrasings for each of 40 demo entries, so the
  // learnt and asked halves share every entry — the demo tuning set's halves are too far apart to show a gain.
  { key: 'learningTuning', label: 'demo shop, learning tuning set (demo/learning-tuning-queries.json)', folder: DEMO_DIR, file: 'learning-tuning-queries.json', heldOut: false },
] as const;

export type LearningSetKey = (typeof LEARNING_SETS)[number]['key'];
