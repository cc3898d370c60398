/**
 * Bots, and conversations owned by a workspace and a bot. A bot is what a site embeds
 * (`data-bot`): its settings, the site origins allowed to use it, and the hosts its flows may
 * call live with it. Customers become unique per workspace (the same shop user id in two
 * companies is two customers); conversations and messages carry their workspace so every
 * query can be scoped. Rows from before workspaces belong to the default workspace and bot,
 * and the single stored bot settings value moves onto the default bot.
 */
import { sql, type Kysely, type Migration } from 'kysely';
import type { SqlDialect } from '../dialect.js';

/** Literal on purpose: a migration must not change when a constant elsewhere does. */
const DEFAULT_ID = 'default';
const DEFAULT_BOT_NAME = '默认机器人';
const OLD_SETTINGS_KEY = 'bot';

async function createBots(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('bots')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('settings', 'text', (c) => c.notNull())
    .addColumn('allowed_origins', 'text', (c) => c.notNull())
    .addColumn('call_hosts', 'text', (c) => c.notNull())
    .addColumn('signing_secret', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('bots_workspace').on('bots').columns(['workspace_id', 'id']).execute();
  const stored = await db.selectFrom('settings').select('value').where('key', '=', OLD_SETTINGS_KEY).executeTakeFirst();
  const at = new Date().toISOString();
  await db
    .insertInto('bots')
    .values({
      id: DEFAULT_ID,
      workspace_id: DEFAULT_ID,
      name: DEFAULT_BOT_NAME,
      settings: stored?.value ?? '{}',
      allowed_origins: '[]',
      call_hosts: '[]',
      signing_secret: null,
      created_at: at,
      updated_at: at,
    })
    .execute();
  await db.deleteFrom('settings').where('key', '=', OLD_SETTINGS_KEY).execute();
}

/**
 * SQLite cannot drop the inline UNIQUE(external_id): the table is rebuilt, in one transaction.
 * openDatabase runs migrations with foreign keys off (and checks them after), so dropping the
 * old table neither fails nor cascades into conversations.
 */
async function rebuildSqliteCustomers(db: Kysely<any>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.schema
      .createTable('customers_new')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('workspace_id', 'text', (c) => c.notNull())
      .addColumn('external_id', 'text', (c) => c.notNull())
      .addColumn('name', 'text')
      .addColumn('tags', 'text', (c) => c.notNull())
      .addColumn('vip_level', 'integer', (c) => c.notNull())
      .addColumn('channel', 'text')
      .addColumn('attributes', 'text', (c) => c.notNull())
      .addColumn('verified', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('customers_workspace_external_id', ['workspace_id', 'external_id'])
      .execute();
    await sql`insert into customers_new (id, workspace_id, external_id, name, tags, vip_level, channel, attributes, verified, created_at, updated_at)
      select id, ${DEFAULT_ID}, external_id, name, tags, vip_level, channel, attributes, verified, created_at, updated_at from customers`.execute(trx);
    await trx.schema.dropTable('customers').execute();
    await sql`alter table customers_new rename to customers`.execute(trx);
  });
}

async function scopePostgresCustomers(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('customers').addColumn('workspace_id', 'text', (c) => c.notNull().defaultTo(DEFAULT_ID)).execute();
  await db.schema.alterTable('customers').dropConstraint('customers_external_id_key').execute();
  await db.schema.alterTable('customers').addUniqueConstraint('customers_workspace_external_id', ['workspace_id', 'external_id']).execute();
}

export function botsAndConversationsMigration(dialect: SqlDialect): Migration {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await createBots(db);
      if (dialect === 'sqlite') await rebuildSqliteCustomers(db);
      else await scopePostgresCustomers(db);
      await db.schema.alterTable('conversations').addColumn('workspace_id', 'text', (c) => c.notNull().defaultTo(DEFAULT_ID)).execute();
      await db.schema.alterTable('conversations').addColumn('bot_id', 'text', (c) => c.notNull().defaultTo(DEFAULT_ID)).execute();
      await db.schema.createIndex('conversations_workspace').on('conversations').columns(['workspace_id', 'updated_at']).execute();
      await db.schema.alterTable('messages').addColumn('workspace_id', 'text', (c) => c.notNull().defaultTo(DEFAULT_ID)).execute();
      await db.schema.createIndex('messages_workspace_entry').on('messages').columns(['workspace_id', 'entry_id', 'created_at']).execute();
    },
    async down(): Promise<void> {
      throw new Error('0007-bots-and-conversations cannot be undone (customers were merged into workspaces)');
    },
  };
}
