/** The phrasing sets the learning section learns from and asks (bench/learning.ts, bench/learning-worker.ts). */
import { DEMO_DIR, TELECOM_DEMO_DIR } from '../src/server/demo-loader.js';

export const LEARNING_SETS = [
  { label: 'demo shop, tuning set (demo/eval-queries.json)', folder: DEMO_DIR, file: 'eval-queries.json', heldOut: false },
  { label: 'demo shop, held out (demo/heldout-queries.json)', folder: DEMO_DIR, file: 'heldout-queries.json', heldOut: true },
  { label: 'telecom trade, held out (demo/trades/telecom)', folder: TELECOM_DEMO_DIR, file: 'heldout-queries.json', heldOut: true },
] as const;
