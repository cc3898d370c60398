// Shared by `npm start` (scripts/start.mjs) and the `wendu` command (bin/wendu.js):
// compile src/ to dist/ when dist is missing or any source file is newer than the build.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync, utimesSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PACKAGE_ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
export const CLI_ENTRY = join(PACKAGE_ROOT, 'dist', 'cli', 'main.js');
const SOURCE_DIR = join(PACKAGE_ROOT, 'src');
const BUILD_CONFIG = join(PACKAGE_ROOT, 'tsconfig.build.json');
const BUILD_INPUTS = [BUILD_CONFIG, join(PACKAGE_ROOT, 'tsconfig.json'), join(PACKAGE_ROOT, 'package.json')];
/** Tests are not compiled (tsconfig.build.json excludes them), so editing one needs no rebuild. */
const IS_TEST = /\.test\.ts$/;

function newestSourceMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSourceMtime(path));
    else if (!IS_TEST.test(entry.name)) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/** Why dist must be rebuilt, or null when it is up to date (or there is no source to build). */
export function buildReason() {
  if (!existsSync(SOURCE_DIR)) return null; // an installed package ships dist/ only
  if (!existsSync(CLI_ENTRY)) return 'dist/ 不存在 (no build yet)';
  const built = statSync(CLI_ENTRY).mtimeMs;
  const inputs = Math.max(newestSourceMtime(SOURCE_DIR), ...BUILD_INPUTS.filter(existsSync).map((p) => statSync(p).mtimeMs));
  return inputs > built ? 'src/ 比 dist/ 新 (sources changed)' : null;
}

/** Builds when needed; exits the process with tsc's output when the build fails. */
export function ensureBuilt({ quiet = false } = {}) {
  const reason = buildReason();
  if (!reason) return;
  let tsc;
  try {
    // typescript's `exports` hides bin/, so find the package and read its declared bin.
    const manifest = createRequire(import.meta.url).resolve('typescript/package.json');
    const bin = JSON.parse(readFileSync(manifest, 'utf8')).bin;
    tsc = join(dirname(manifest), typeof bin === 'string' ? bin : bin.tsc);
  } catch {
    if (existsSync(CLI_ENTRY)) return; // no compiler installed (production install): run what ships
    console.error('无法构建：未安装 typescript。请先运行 npm install。(Cannot build: run npm install first.)');
    process.exit(1);
  }
  if (!quiet) console.error(`正在构建 (building)… ${reason}`);
  const result = spawnSync(process.execPath, [tsc, '-p', BUILD_CONFIG], { cwd: PACKAGE_ROOT, stdio: 'inherit' });
  if (result.status !== 0) {
    // tsc still writes output on type errors; date it back so the next run rebuilds instead of trusting it.
    if (existsSync(CLI_ENTRY)) utimesSync(CLI_ENTRY, 0, 0);
    console.error('构建失败 (build failed): tsc -p tsconfig.build.json');
    process.exit(result.status ?? 1);
  }
  // tsc leaves an unchanged output file's mtime alone; touch the entry so the next run sees it fresh.
  const now = new Date();
  if (existsSync(CLI_ENTRY)) utimesSync(CLI_ENTRY, now, now);
}
