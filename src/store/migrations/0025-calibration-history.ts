/**
 * The self-calibration's history (issue 11, analytics): one row each time a bot calibrates on its
 * own knowledge, so an operator sees whether their edits made the bot better or worse. The probe
 * tallies are stored (integers on both databases); the rates are worked out when read.
 */
import type { Kysely, Migration } from 'kysely';

export function calibrationHistoryMigration(): Migration {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('calibration_history')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('workspace_id', 'text', (c) => c.notNull())
        .addColumn('bot_id', 'text', (c) => c.notNull())
        .addColumn('computed_at', 'text', (c) => c.notNull())
        // calibrated | small_knowledge_base | target_unreachable
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('entry_count', 'integer', (c) => c.notNull())
        .addColumn('in_scope', 'integer', (c) => c.notNull())
        .addColumn('answered_right', 'integer', (c) => c.notNull())
        .addColumn('answered_wrong', 'integer', (c) => c.notNull())
        .addColumn('asked_back', 'integer', (c) => c.notNull())
        .addColumn('nothing', 'integer', (c) => c.notNull())
        .addColumn('out_of_scope', 'integer', (c) => c.notNull())
        .addColumn('out_of_scope_answered', 'integer', (c) => c.notNull())
        .addColumn('confusable_pairs', 'integer', (c) => c.notNull())
        // JSON: the thresholds in force and the probe counts per kind.
        .addColumn('thresholds', 'text', (c) => c.notNull())
        .addColumn('probes', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('calibration_history_bot').on('calibration_history').columns(['workspace_id', 'bot_id', 'computed_at']).execute();
    },
    async down(db: Kysely<any>): Promise<void> {
      await db.schema.dropTable('calibration_history').execute();
    },
  };
}
