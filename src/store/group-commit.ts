/**
 * Group commit for SQLite: write transactions that arrive in the same turn of the event loop run
 * in ONE transaction and share its COMMIT. Each commit writes every page it dirtied to the WAL
 * (the conversation row and its three `updated_at` indexes, the message and its six indexes);
 * turns that write in the same moment dirty the same index pages, so one commit for all of them
 * writes far fewer pages than one per turn (docs/performance.md, "Fourth pass").
 *
 * What each caller sees is unchanged: its promise settles only after the shared COMMIT — a
 * message is still acknowledged only once it is committed, and a failed COMMIT fails every
 * transaction of the group (none of them was acknowledged). Each transaction runs inside a
 * savepoint, so one that throws (a twin client message breaking its unique key) rolls back
 * alone and gets its own error; the others commit.
 *
 * The work of a grouped transaction must use only the transaction it is given — anything that
 * waits for another grouped transaction would wait for its own group to end.
 */
import { CompiledQuery, type Kysely, type Transaction } from 'kysely';
import type { WenduSchema } from './schema.js';

const SAVEPOINT = CompiledQuery.raw('savepoint grouped');
const RELEASE = CompiledQuery.raw('release grouped');
const ROLLBACK_TO = CompiledQuery.raw('rollback to grouped');

type Work = (trx: Transaction<WenduSchema>) => Promise<unknown>;

interface Waiting {
  work: Work;
  resolve(value: unknown): void;
  reject(err: unknown): void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; err: unknown };

export class GroupCommit {
  private waiting: Waiting[] = [];

  constructor(private readonly db: Kysely<WenduSchema>) {}

  run<T>(work: (trx: Transaction<WenduSchema>) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      // The first of a group schedules it: everything that arrives before the event loop's next
      // check phase (a burst read in one poll, the turns the gate let in) joins.
      if (this.waiting.length === 0) setImmediate(() => void this.commitGroup());
      this.waiting.push({ work, resolve: resolve as (value: unknown) => void, reject });
    });
  }

  private async commitGroup(): Promise<void> {
    const group = this.waiting;
    this.waiting = [];
    let outcomes: Outcome[];
    try {
      outcomes = await this.db.transaction().execute(async (trx) => {
        // Alone in its group, a transaction needs no savepoint: its failure rolls back the whole.
        if (group.length === 1) return [{ ok: true, value: await group[0].work(trx) }];
        const done: Outcome[] = [];
        for (const { work } of group) done.push(await inSavepoint(trx, work));
        return done;
      });
    } catch (err) {
      for (const { reject } of group) reject(err);
      return;
    }
    group.forEach(({ resolve, reject }, i) => {
      const outcome = outcomes[i];
      if (outcome.ok) resolve(outcome.value);
      else reject(outcome.err);
    });
  }
}

async function inSavepoint(trx: Transaction<WenduSchema>, work: Work): Promise<Outcome> {
  await trx.executeQuery(SAVEPOINT);
  try {
    const value = await work(trx);
    await trx.executeQuery(RELEASE);
    return { ok: true, value };
  } catch (err) {
    await trx.executeQuery(ROLLBACK_TO);
    await trx.executeQuery(RELEASE);
    return { ok: false, err };
  }
}
