/**
 * Summarises a V8 .cpuprofile (`node --cpu-prof`, or the inspector's Profiler.stop) by function:
 * self time and inclusive time (a function counted once per sample however deep it recurses),
 * as shares of all samples. How the matching and turn-path profiles in docs/performance.md and
 * docs/matching.md were read.
 *
 * Usage: npx tsx scripts/cpuprofile-summary.ts FILE.cpuprofile [rows=40] [filter substring]
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
}

const [file, rowsArg, filter] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: npx tsx scripts/cpuprofile-summary.ts FILE.cpuprofile [rows] [filter]\n');
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
const rows = Number(rowsArg ?? 40);

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const label = (n: ProfileNode): string => {
  const where = n.callFrame.url.replace(/^.*\/(src|bench|node_modules)\//, '$1/');
  return `${n.callFrame.functionName || '(anonymous)'} ${where ? `${where}:${n.callFrame.lineNumber + 1}` : ''}`.trim();
};

const self = new Map<string, number>();
const inclusive = new Map<string, number>();
for (const id of profile.samples) {
  const leaf = byId.get(id)!;
  self.set(label(leaf), (self.get(label(leaf)) ?? 0) + 1);
  const seen = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const name = label(byId.get(at)!);
    if (seen.has(name)) continue;
    seen.add(name);
    inclusive.set(name, (inclusive.get(name) ?? 0) + 1);
  }
}

const total = profile.samples.length;
const pct = (x: number) => `${((100 * x) / total).toFixed(1).padStart(5)}%`;
const table = (title: string, counts: Map<string, number>) => {
  process.stdout.write(`\n${title} (${total} samples)\n`);
  [...counts]
    .filter(([name]) => !filter || name.includes(filter))
    .sort((a, b) => b[1] - a[1])
    .slice(0, rows)
    .forEach(([name, n]) => process.stdout.write(`${pct(n)}  ${name}\n`));
};
table('self', self);
table('inclusive', inclusive);
