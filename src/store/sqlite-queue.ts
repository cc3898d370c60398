/**
 * SQLite has one connection; kysely's driver guards it with a mutex whose unlock wakes EVERY
 * waiter, and all but one go back to sleep. With thousands of customers' queries waiting (a
 * burst of 5,000 messages) each query cost thousands of wake-ups — the node slowed down the
 * more it was asked (docs/performance.md). This driver hands the connection to the next waiter
 * in line, first come first served, one wake-up per query.
 */
import { SqliteDialect, SqliteDriver, type DatabaseConnection, type Driver, type SqliteDialectConfig } from 'kysely';

class QueuedSqliteDriver extends SqliteDriver {
  private held = false;
  private readonly queue: Array<() => void> = [];

  override async acquireConnection(): Promise<DatabaseConnection> {
    if (this.held) await new Promise<void>((resolve) => this.queue.push(resolve));
    else this.held = true;
    // Only one holder ever gets here, so kysely's own mutex is always free: it never waits.
    return super.acquireConnection();
  }

  override async releaseConnection(): Promise<void> {
    await super.releaseConnection();
    const next = this.queue.shift();
    // The connection passes straight to the next in line; `held` stays true.
    if (next) next();
    else this.held = false;
  }
}

export class QueuedSqliteDialect extends SqliteDialect {
  constructor(private readonly config: SqliteDialectConfig) {
    super(config);
  }

  override createDriver(): Driver {
    return new QueuedSqliteDriver(this.config);
  }
}
