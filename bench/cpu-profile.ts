/**
 * Summarises a `node --cpu-prof` profile (e.g. from `npm run bench -- realtime --cpu-prof DIR`):
 * the busy share per second (to find the burst in a run that also connected and idled), then
 * the top functions and files by self and by inclusive time inside a window of seconds.
 *
 *   npx tsx bench/cpu-profile.ts FILE.cpuprofile [--from S] [--to S] [--top N]
 *
 * Inclusive time counts a function once per sample however often it recurses. Async callers are
 * lost across an await (V8 samples the synchronous stack), so a query's time shows under kysely's
 * driver rather than under the repository method that awaited it.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

const DEFAULT_TOP = 30;
const US_PER_S = 1e6;

function shortUrl(url: string): string {
  return url.replace(/^file:\/\//, '').replace(/^.*\/node_modules\//, 'nm/').replace(/^.*?\/(src|bench)\//, '$1/');
}

function functionKey(node: ProfileNode): string {
  return `${node.callFrame.functionName || '(anonymous)'} ${shortUrl(node.callFrame.url)}:${node.callFrame.lineNumber + 1}`;
}

function fileKey(node: ProfileNode): string {
  const url = shortUrl(node.callFrame.url);
  if (!url) return node.callFrame.functionName;
  if (!url.startsWith('nm/')) return url;
  const parts = url.split('/');
  return parts.slice(0, parts[1].startsWith('@') ? 3 : 2).join('/');
}

export function summarise(profile: CpuProfile, from = 0, to = Infinity, top = DEFAULT_TOP): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const idle = new Set(profile.nodes.filter((n) => n.callFrame.functionName === '(idle)').map((n) => n.id));

  const busyPerSecond = new Map<number, { busy: number; all: number }>();
  const selfTime = new Map<number, number>();
  let at = profile.startTime;
  let total = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    at += dt;
    const second = (at - profile.startTime) / US_PER_S;
    const bucket = busyPerSecond.get(Math.floor(second)) ?? { busy: 0, all: 0 };
    bucket.all += dt;
    if (!idle.has(id)) bucket.busy += dt;
    busyPerSecond.set(Math.floor(second), bucket);
    if (second < from || second >= to) return;
    selfTime.set(id, (selfTime.get(id) ?? 0) + dt);
    total += dt;
  });

  const tables = { selfByFunction: new Map<string, number>(), inclusiveByFunction: new Map<string, number>(), selfByFile: new Map<string, number>(), inclusiveByFile: new Map<string, number>() };
  const add = (map: Map<string, number>, key: string, dt: number) => map.set(key, (map.get(key) ?? 0) + dt);
  for (const [id, dt] of selfTime) {
    const leaf = byId.get(id)!;
    add(tables.selfByFunction, functionKey(leaf), dt);
    add(tables.selfByFile, fileKey(leaf), dt);
    const functions = new Set<string>();
    const files = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const node = byId.get(at)!;
      functions.add(functionKey(node));
      files.add(fileKey(node));
    }
    for (const key of functions) add(tables.inclusiveByFunction, key, dt);
    for (const key of files) add(tables.inclusiveByFile, key, dt);
  }

  const lines = ['busy % per second: ' + [...busyPerSecond].map(([s, b]) => `${s}:${Math.round((100 * b.busy) / Math.max(1, b.all))}`).join(' ')];
  const window = Number.isFinite(to) ? `${from}–${to} s` : `from ${from} s`;
  for (const [title, map] of Object.entries(tables)) {
    lines.push('', `## ${title} (${window}: ${(total / US_PER_S).toFixed(1)} s of samples)`);
    for (const [key, dt] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`${((100 * dt) / total).toFixed(1).padStart(5)}%  ${key}`);
  }
  return lines.join('\n');
}

function main(argv: string[]): void {
  const [file, ...rest] = argv;
  if (!file) throw new Error('usage: npx tsx bench/cpu-profile.ts FILE.cpuprofile [--from S] [--to S] [--top N]');
  const flag = (name: string, fallback: number) => {
    const i = rest.indexOf(name);
    return i >= 0 ? Number(rest[i + 1]) : fallback;
  };
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  console.log(summarise(profile, flag('--from', 0), flag('--to', Infinity), flag('--top', DEFAULT_TOP)));
}

main(process.argv.slice(2));
