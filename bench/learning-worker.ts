/**
 * Child process for one learning measurement (bench/learning.ts): one set, one way of approving.
 * Prints one JSON object on stdout: the measurement and the CPU time it took.
 *
 * Usage: node --import tsx bench/learning-worker.ts <set index in LEARNING_SETS> <heed|all>
 */
import { measureLearning } from '../src/learning/learning-measure.js';
import { LEARNING_SETS } from './learning-sets.js';

const [setIndex, approving] = process.argv.slice(2);
const spec = LEARNING_SETS[Number(setIndex)];
if (!spec || (approving !== 'heed' && approving !== 'all')) {
  process.stderr.write('usage: learning-worker.ts <set index> <heed|all>\n');
  process.exit(2);
}
const m = await measureLearning(spec.folder, spec.file, { heedChecks: approving === 'heed' });
const cpu = process.cpuUsage();
process.stdout.write(`${JSON.stringify({ ...m, cpuMs: Math.round((cpu.user + cpu.system) / 1000) })}\n`);
// The bot's timers and the database handle are closed by measureLearning; nothing else is waited for.
process.exit(0);
