/**
 * Skill groups an agent serves (售前, 售后, 投诉 …): JSON string[] on the agent's presence;
 * null means every group (a small team where everyone takes everything).
 */
import type { Kysely, Migration } from 'kysely';

export function agentSkillsMigration(): Migration {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema.alterTable('agent_presence').addColumn('groups', 'text').execute();
    },
    async down(db: Kysely<any>): Promise<void> {
      await db.schema.alterTable('agent_presence').dropColumn('groups').execute();
    },
  };
}
