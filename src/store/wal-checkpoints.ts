/**
 * WAL checkpoints off the event loop. SQLite's automatic checkpoint runs inside the commit that
 * crosses the threshold: on the server's one thread it copied a thousand pages back into the
 * database file and fsync'd it (`synchronous = NORMAL` syncs at checkpoints), ~13 ms during which
 * no socket was read — in a burst, 226 such commits held 85% of all commit time
 * (docs/performance.md). A worker thread with its own connection checkpoints instead; a PASSIVE
 * checkpoint takes no writer lock, so commits on the main thread go on meanwhile.
 *
 * Durability is unchanged: a commit is in the WAL file when it returns either way; the
 * checkpoint only moves it into the database file. The main connection keeps an automatic
 * checkpoint far above what the worker lets the WAL reach (RESTART_AFTER_PAGES), so a stalled
 * worker cannot let it grow without bound.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** How often the worker checkpoints: hot pages (index tails) written many times between two are copied once. */
export const CHECKPOINT_INTERVAL_MS = 500;
/**
 * WAL pages after which the worker also restarts the WAL. A PASSIVE checkpoint never finishes
 * while the server keeps writing (new frames arrive behind it), and SQLite reuses the WAL from
 * its start only after one that did: under a steady write load the WAL grew to the backstop
 * (~200 MB). A RESTART right after a PASSIVE one has only the last frames left to copy, but it
 * holds new writers off while it runs, so it is kept for a WAL this large (16 MB at 4 KB pages).
 */
export const RESTART_AFTER_PAGES = 4_000;
/** The main connection's own automatic checkpoint, a backstop only (SQLite's default is 1,000 pages). */
export const BACKSTOP_AUTOCHECKPOINT_PAGES = 50_000;

/**
 * The worker's code, plain CommonJS: it must run the same under tsx, vitest and the built
 * server, so it is not a module of ours to resolve. `workerData` names better-sqlite3 and the file.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const SQLite = require(workerData.driver);
const file = new SQLite(workerData.path);
file.pragma('busy_timeout = ' + workerData.busyTimeoutMs);
const timer = setInterval(() => {
  try {
    const [{ log }] = file.pragma('wal_checkpoint(PASSIVE)');
    if (log >= workerData.restartPages) file.pragma('wal_checkpoint(RESTART)');
  } catch (err) {
    parentPort.postMessage({ failed: String(err && err.message) });
  }
}, workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  file.close();
  parentPort.close();
});
`;

const requireHere = createRequire(import.meta.url);

export interface WalCheckpointer {
  /** Stops the worker after its checkpoint in progress, and closes its connection. */
  stop(): Promise<void>;
}

/**
 * Starts checkpointing `path` from a worker thread. `onFailure` hears a checkpoint that failed
 * (the next one tries again; the backstop still bounds the WAL).
 */
export function startWalCheckpointer(path: string, busyTimeoutMs: number, onFailure: (message: string) => void, intervalMs = CHECKPOINT_INTERVAL_MS): WalCheckpointer {
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { driver: requireHere.resolve('better-sqlite3'), path, busyTimeoutMs, intervalMs, restartPages: RESTART_AFTER_PAGES },
  });
  // A process whose database was never closed (a CLI command, a test) must still be able to exit.
  worker.unref();
  worker.on('message', (message: { failed?: string }) => {
    if (message.failed !== undefined) onFailure(message.failed);
  });
  worker.on('error', (err) => onFailure(err.message));
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  let stopping: Promise<void> | undefined;
  return {
    stop() {
      stopping ??= (async () => {
        // Held while it finishes: an unreferenced worker would let the process exit mid-close.
        worker.ref();
        worker.postMessage('stop');
        await exited;
      })();
      return stopping;
    },
  };
}
