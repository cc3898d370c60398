/**
 * Learned questions (issue 11, "learning must not make the bot worse"): customers' condensed
 * phrasings approved from the unresolved inbox or from pending similar questions, kept apart
 * from the operator's own similar questions so the matcher can weigh them lower.
 */
import { sql, type Kysely, type Migration } from 'kysely';

export function learnedQuestionsMigration(): Migration {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema.alterTable('knowledge_entries').addColumn('learned_questions', 'text', (c) => c.notNull().defaultTo(sql`'[]'`)).execute();
    },
    async down(db: Kysely<any>): Promise<void> {
      await db.schema.alterTable('knowledge_entries').dropColumn('learned_questions').execute();
    },
  };
}
