/**
 * Group commit for SQLite: write transactions that arrive in the same turn of the event loop run
 * in ONE transaction and share its COMMIT. Each commit writes every page it dirtied to the WAL
 * (the conversation row and its three `updated_at` indexes, the message and its six indexes);
 * turns that write in the same moment dirty the same index pages, so one commit for all of them
 * writes fewer pages than one per turn (docs/performance.md, "Fourth pass").
 *
 * What each caller sees is unchanged: its promise settles only after a COMMIT that holds its
 * writes — a message is still acknowledged only once it is committed. If any transaction of a
 * group throws (a twin client message breaking its unique key) or the shared COMMIT fails, the
 * whole group is rolled back and each of its transactions runs again alone, so only its own
 * failure fails it. (Savepoints per transaction would do the same at two statements each, on
 * every turn, to spare the rare failure.)
 *
 * So a grouped `work` may run twice, and must write only through the transaction it is given,
 * with no effect outside the database; anything that waits for another grouped transaction
 * would wait for its own group to end.
 */
import type { Kysely, Transaction } from 'kysely';
import type { WenduSchema } from './schema.js';

/**
 * Most transactions one commit takes. A burst of thousands of messages would otherwise be
 * committed — and acknowledged, and published on the bus — all at once; in groups of this size
 * the event loop reaches the sockets between groups. Twice the turn gate's default 32 in flight.
 */
export const MAX_GROUPED_WRITES = 64;

type Work = (trx: Transaction<WenduSchema>) => Promise<unknown>;

interface Waiting {
  work: Work;
  resolve(value: unknown): void;
  reject(err: unknown): void;
}

export class GroupCommit {
  private waiting: Waiting[] = [];
  /** A group is scheduled or committing; what arrives meanwhile joins the next one. */
  private busy = false;

  constructor(private readonly db: Kysely<WenduSchema>) {}

  run<T>(work: (trx: Transaction<WenduSchema>) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      // The first of a group schedules it: everything that arrives before the event loop's next
      // check phase (a burst read in one poll, the turns the gate let in) joins.
      if (!this.busy) {
        this.busy = true;
        setImmediate(() => void this.commitGroup());
      }
      this.waiting.push({ work, resolve: resolve as (value: unknown) => void, reject });
    });
  }

  private async commitGroup(): Promise<void> {
    try {
      await this.commit(this.waiting.splice(0, MAX_GROUPED_WRITES));
    } finally {
      // The next group starts on a later turn of the event loop, after socket I/O.
      if (this.waiting.length > 0) setImmediate(() => void this.commitGroup());
      else this.busy = false;
    }
  }

  private async commit(group: Waiting[]): Promise<void> {
    if (group.length > 1) {
      try {
        const values = await this.db.transaction().execute(async (trx) => {
          const done: unknown[] = [];
          for (const { work } of group) done.push(await work(trx));
          return done;
        });
        group.forEach(({ resolve }, i) => resolve(values[i]));
        return;
      } catch {
        // Rolled back as a whole: each runs again alone below, and fails only on its own error.
      }
    }
    for (const { work, resolve, reject } of group) this.db.transaction().execute(work).then(resolve, reject);
  }
}
