/**
 * One data folder, one server. Two `wendu serve` on the same SQLite folder would each hold
 * their own copy of the knowledge base, segmenter and settings in memory and disagree about
 * them; several instances are for PostgreSQL + Redis. So `serve` takes `<dataDir>/wendu.lock`,
 * created with open(…, 'wx') — which only one process can win — holding the owner's pid and
 * start time, and removes it on close.
 *
 * A server killed with SIGKILL (or a power cut) leaves its lock behind; a lock whose pid is no
 * longer alive is stale and the next start takes it over. The CLI's import / export / ask do
 * not take the lock: they are short, and SQLite's busy_timeout serialises their writes with
 * the server's.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, realpathSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { WenduError } from '../errors/index.js';
import { PRIVATE_FILE_MODE } from './private-file.js';

export const DATA_DIR_LOCK_FILE = 'wendu.lock';
/** A stale lock is removed and taken again at most this often before giving up (two starters racing). */
const TAKEOVER_ATTEMPTS = 3;

/** What the lock file holds (JSON), so an operator can see who holds the folder. */
export interface DataDirLockOwner {
  pid: number;
  startedAt: string;
  hostname: string;
  /** Random per acquisition: release removes the file only while it is still ours. */
  token: string;
}

export interface DataDirLock {
  file: string;
  owner: DataDirLockOwner;
  /** Removes the lock if this server still holds it. Safe to call twice. */
  release(): void;
}

/** Folders locked by THIS process: its own pid in a lock file means "held" only when listed here. */
const heldHere = new Set<string>();

/** True when a process with this pid exists (EPERM: it exists but belongs to another user). */
export function isProcessAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readOwner(file: string): DataDirLockOwner | null {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<DataDirLockOwner>;
    return typeof parsed.pid === 'number' ? (parsed as DataDirLockOwner) : null;
  } catch {
    return null; // gone meanwhile, or half-written by a start that died: not a live owner
  }
}

/**
 * A lock is held when its owner runs: another live pid on this machine, or this very process
 * for a folder it locked itself. Our own pid without our record is a previous incarnation
 * (containers restart as pid 1 every time). A lock from another host cannot be judged from
 * here and is treated as held.
 */
function isHeld(owner: DataDirLockOwner | null, dir: string): owner is DataDirLockOwner {
  if (!owner) return false;
  if (owner.hostname && owner.hostname !== hostname()) return true;
  if (owner.pid === process.pid) return heldHere.has(dir);
  return isProcessAlive(owner.pid);
}

function lockedError(dir: string, file: string, owner: DataDirLockOwner): WenduError {
  return new WenduError(
    'WENDU_DATA_DIR_LOCKED',
    { dataDir: dir, lockFile: file, pid: owner.pid, startedAt: owner.startedAt, hostname: owner.hostname },
    `数据目录 ${dir} 已被另一个温度服务使用（pid ${owner.pid}，${owner.startedAt} 启动）；` +
      `同一数据目录只能运行一个服务，多实例请使用 PostgreSQL。` +
      ` (data folder ${dir} is in use by another Wendu server, pid ${owner.pid}; one server per folder — use PostgreSQL for several instances)`,
  );
}

/** Takes the data folder for this server, or throws WENDU_DATA_DIR_LOCKED naming the folder and the holder's pid. */
export function acquireDataDirLock(dataDir: string, now: Date = new Date()): DataDirLock {
  mkdirSync(dataDir, { recursive: true });
  const dir = realpathSync(resolve(dataDir));
  const file = join(dir, DATA_DIR_LOCK_FILE);
  const owner: DataDirLockOwner = { pid: process.pid, startedAt: now.toISOString(), hostname: hostname(), token: randomBytes(16).toString('hex') };
  for (let attempt = 0; attempt < TAKEOVER_ATTEMPTS; attempt++) {
    let fd: number;
    try {
      fd = openSync(file, 'wx', PRIVATE_FILE_MODE);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const current = readOwner(file);
      if (isHeld(current, dir)) throw lockedError(dir, file, current);
      // Stale: its server died without closing. Remove it and race for the file again.
      try {
        unlinkSync(file);
      } catch (unlinkErr) {
        if ((unlinkErr as NodeJS.ErrnoException).code !== 'ENOENT') throw unlinkErr;
      }
      continue;
    }
    try {
      writeSync(fd, `${JSON.stringify(owner)}\n`);
    } finally {
      closeSync(fd);
    }
    heldHere.add(dir);
    let released = false;
    return {
      file,
      owner,
      release() {
        if (released) return;
        released = true;
        heldHere.delete(dir);
        // Only our own lock: never remove one a later server took over after we were thought dead.
        if (readOwner(file)?.token !== owner.token) return;
        try {
          unlinkSync(file);
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
        }
      },
    };
  }
  const holder = readOwner(file);
  if (holder) throw lockedError(dir, file, holder);
  throw new WenduError('WENDU_DATA_DIR_LOCKED', { dataDir: dir, lockFile: file }, `无法锁定数据目录 ${dir} (could not lock the data folder)`);
}
