/**
 * A bot's hand-off settings (skill groups, their hours, topic routes, queue limits —
 * src/handoff/types.ts) live on the bot's row, next to its answering thresholds. Null until an
 * admin saves them: a bot without stored hand-off settings uses the defaults (one group open
 * around the clock), so existing bots keep reaching a person as before.
 */
import type { Kysely, Migration } from 'kysely';

export function handoffSettingsMigration(): Migration {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema.alterTable('bots').addColumn('handoff', 'text').execute();
    },
    async down(db: Kysely<any>): Promise<void> {
      await db.schema.alterTable('bots').dropColumn('handoff').execute();
    },
  };
}
