/** The phrasing sets the learning section learns from and asks (bench/learning.ts, bench/learning-worker.ts). */
import { DEMO_DIR, TELECOM_DEMO_DIR } from '../src/server/demo-loader.js';

export const LEARNING_SETS = [
  { key: 'tuning', label: 'demo shop, tuning set (demo/eval-queries.json)', folder: DEMO_DIR, file: 'eval-queries.json', heldOut: false },
  { key: 'heldout', label: 'demo shop, held out (demo/heldout-queries.json)', folder: DEMO_DIR, file: 'heldout-queries.json', heldOut: true },
  { key: 'telecom', label: 'telecom trade, held out (demo/trades/telecom)', folder: TELECOM_DEMO_DIR, file: 'heldout-queries.json', heldOut: true },
] as const;

export type LearningSetKey = (typeof LEARNING_SETS)[number]['key'];
