/**
 * Offers of a queued hand-off to one agent at a time, and disconnect graces that survive a
 * restart (issue 7; STYLE.md habit 8: timers that must survive a restart live in the database).
 *
 * - `handoff_offers`: the desk asked `agent_id` to take `handoff_id` until `expires_at`.
 *   open → accepted (they took it) | declined (they said no) | expired (no answer in time) |
 *   withdrawn (someone else took it, or it left the queue). At most ONE open offer per
 *   hand-off: a partial unique index both databases enforce, so two server instances offering
 *   at once cannot both offer it.
 * - `agent_presence.grace_until`: set when an agent's last socket closes, cleared when they
 *   come back; the sweeper (src/handoff/timers.ts) returns their conversations once it is due.
 */
import { sql, type Kysely, type Migration } from 'kysely';

export function handoffOffersMigration(): Migration {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('handoff_offers')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('workspace_id', 'text', (c) => c.notNull())
        .addColumn('bot_id', 'text', (c) => c.notNull())
        .addColumn('handoff_id', 'text', (c) => c.notNull().references('handoffs.id').onDelete('cascade'))
        .addColumn('agent_id', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('offered_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('decided_at', 'text')
        .execute();
      await db.schema.createIndex('handoff_offers_one_open').unique().on('handoff_offers').column('handoff_id').where(sql<boolean>`status = 'open'`).execute();
      // The sweeper's question: which open offers are due.
      await db.schema.createIndex('handoff_offers_due').on('handoff_offers').columns(['status', 'expires_at']).execute();
      await db.schema.createIndex('handoff_offers_agent').on('handoff_offers').columns(['workspace_id', 'agent_id', 'status']).execute();
      await db.schema.createIndex('handoff_offers_handoff').on('handoff_offers').columns(['handoff_id', 'agent_id']).execute();
      await db.schema.alterTable('agent_presence').addColumn('grace_until', 'text').execute();
      await db.schema.createIndex('agent_presence_grace').on('agent_presence').column('grace_until').execute();
    },
    async down(db: Kysely<any>): Promise<void> {
      await db.schema.dropIndex('agent_presence_grace').execute();
      await db.schema.alterTable('agent_presence').dropColumn('grace_until').execute();
      await db.schema.dropTable('handoff_offers').execute();
    },
  };
}
