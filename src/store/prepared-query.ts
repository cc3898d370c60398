/**
 * A query built and compiled by kysely once per database, then run with fresh parameters.
 * Building a query (freezing a node per `.where`) and compiling it to SQL cost more CPU on a
 * customer's turn than running most of its statements (docs/performance.md, "Fourth pass"); the
 * statements of a turn are the same every time, only their values change.
 *
 *   const FIND = preparedQuery((db, p: { id: string }) => db.selectFrom('conversations').selectAll().where('id', '=', p.id));
 *   const row = await FIND.first(db, { id });
 *
 * `p`'s properties are placeholders: each becomes a parameter of the compiled SQL and takes the
 * argument of that name when the query runs. The builder must use them as values only — an
 * expression computed from one (`p.version + 1`) is not a placeholder any more, which compiling
 * refuses. One compilation per database (its kysely adapter), shared by its transactions, so the
 * same query serves SQLite and PostgreSQL; with SQLite the same SQL text also finds its cached
 * better-sqlite3 statement (statement-cache.ts).
 */
import type { Compilable, CompiledQuery, Kysely, QueryResult } from 'kysely';
import type { WenduSchema } from './schema.js';

/** Marks where a named argument goes; replaced in the compiled parameters at run time. */
class Placeholder {
  constructor(readonly name: string) {}
}

interface Compiled {
  query: CompiledQuery;
  /** Per compiled parameter: the argument it takes, or undefined for a constant of the query. */
  argumentAt: Array<string | undefined>;
}

export class PreparedQuery<A extends object, R> {
  private readonly byAdapter = new WeakMap<object, Compiled>();

  constructor(private readonly build: (db: Kysely<WenduSchema>, p: A) => Compilable<R>) {}

  async run(db: Kysely<WenduSchema>, args: A): Promise<QueryResult<R>> {
    const { query, argumentAt } = this.compiledFor(db);
    const parameters = query.parameters.map((constant, i) => {
      const name = argumentAt[i];
      return name === undefined ? constant : (args as Record<string, unknown>)[name];
    });
    return db.executeQuery<R>({ ...query, parameters } as CompiledQuery<R>);
  }

  async rows(db: Kysely<WenduSchema>, args: A): Promise<R[]> {
    return (await this.run(db, args)).rows;
  }

  async first(db: Kysely<WenduSchema>, args: A): Promise<R | undefined> {
    return (await this.run(db, args)).rows[0];
  }

  private compiledFor(db: Kysely<WenduSchema>): Compiled {
    // The adapter stands for the dialect: a database's transactions share it with the database.
    const adapter = db.getExecutor().adapter;
    let compiled = this.byAdapter.get(adapter);
    if (!compiled) {
      compiled = this.compile(db);
      this.byAdapter.set(adapter, compiled);
    }
    return compiled;
  }

  private compile(db: Kysely<WenduSchema>): Compiled {
    const read = new Set<string>();
    const p = new Proxy({} as A, {
      get(_target, name) {
        if (typeof name !== 'string') return undefined;
        read.add(name);
        return new Placeholder(name);
      },
    });
    const query = this.build(db, p).compile();
    const argumentAt = query.parameters.map((value) => (value instanceof Placeholder ? value.name : undefined));
    const missing = [...read].filter((name) => !argumentAt.includes(name));
    // A placeholder used in arithmetic or a string became a constant: the query would run with it.
    if (missing.length > 0) throw new Error(`preparedQuery: ${missing.join(', ')} used as more than a value (${query.sql})`);
    return { query, argumentAt };
  }
}

export function preparedQuery<A extends object, R>(build: (db: Kysely<WenduSchema>, p: A) => Compilable<R>): PreparedQuery<A, R> {
  return new PreparedQuery(build);
}
