/**
 * The agents' view of a workspace: their presence, and the lists of hand-offs they work from
 * (the queue, their own, everything live for supervisors) across every bot of the workspace.
 * Reads only; the desk of each bot (desk.ts) makes the changes.
 */
import { AuditLog } from '../audit/audit-log.js';
import { WenduError } from '../errors/index.js';
import type { Database } from '../store/database.js';
import { ACTIVE_HANDOFF_STATUSES } from './repository.js';
import type { AgentPresence, HandoffReason } from './types.js';

export const AGENT_VIEWS = ['queue', 'mine', 'all'] as const;
export type AgentView = (typeof AGENT_VIEWS)[number];

/** Most rows one list returns: a screen of work, not an export. */
export const MAX_AGENT_LIST = 200;
/** The last message is a preview in a list row; the full text is in the conversation. */
export const LAST_MESSAGE_PREVIEW_CHARS = 100;

const MS_PER_SECOND = 1000;

export interface AgentConversationRow {
  /** The conversation id (what accept / messages / transfer / close take). */
  id: string;
  handoffId: string;
  botId: string;
  status: 'queued' | 'assigned';
  reason: HandoffReason;
  detail: string | null;
  groupId: string;
  /** Queued: how long they have waited so far; assigned: how long they waited before an agent took it. */
  waitingSeconds: number;
  priority: number;
  agentId: string | null;
  customerName: string | null;
  /**
   * Customer messages after the agents' read mark of the conversation (read_receipts, reader
   * `agent`; moved by the /agent socket's `read` and `POST …/:id/read`). A conversation nobody
   * has read yet counts every customer message.
   */
  unread: number;
  lastMessage: { seq: number; sender: string; text: string; createdAt: string } | null;
}

export interface PresenceRecord {
  userId: string;
  status: AgentPresence;
  maxConcurrent: number | null;
  /** The skill groups the agent serves; null → every group. */
  groups: string[] | null;
  updatedAt: string;
}

/** A person of the workspace and the skill groups they serve (null → every group). */
export interface PersonSkills {
  userId: string;
  name: string;
  email: string;
  role: string;
  groups: string[] | null;
}

export class HandoffBoard {
  constructor(
    private readonly database: Pick<Database, 'db'>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Sets an agent's presence (and optionally their own limit; null → the bot's default). */
  async setPresence(workspaceId: string, userId: string, status: AgentPresence, maxConcurrent?: number | null, groups?: string[] | null): Promise<PresenceRecord> {
    const at = this.now().toISOString();
    const existing = await this.database.db.selectFrom('agent_presence').select(['max_concurrent', 'groups']).where('user_id', '=', userId).executeTakeFirst();
    const limit = maxConcurrent === undefined ? (existing?.max_concurrent ?? null) : maxConcurrent;
    const skills = groups === undefined ? (existing?.groups ?? null) : groups === null ? null : JSON.stringify([...new Set(groups)]);
    await this.database.db
      .insertInto('agent_presence')
      .values({ user_id: userId, workspace_id: workspaceId, status, max_concurrent: limit, groups: skills, updated_at: at })
      .onConflict((oc) => oc.column('user_id').doUpdateSet({ status, max_concurrent: limit, groups: skills, updated_at: at, workspace_id: workspaceId }))
      .execute();
    return { userId, status, maxConcurrent: limit === null ? null : Number(limit), groups: skills === null ? null : (JSON.parse(skills) as string[]), updatedAt: at };
  }

  /** Every enabled person of the workspace with their skill groups, by name. */
  async skills(workspaceId: string): Promise<PersonSkills[]> {
    const rows = await this.database.db
      .selectFrom('users as u')
      .leftJoin('agent_presence as p', 'p.user_id', 'u.id')
      .select(['u.id', 'u.name', 'u.email', 'u.role', 'p.groups'])
      .where('u.workspace_id', '=', workspaceId)
      .where('u.disabled', '=', 0)
      .orderBy('u.name')
      .execute();
    return rows.map((r) => ({ userId: r.id, name: r.name, email: r.email, role: r.role, groups: r.groups == null ? null : (JSON.parse(r.groups) as string[]) }));
  }

  /** An admin sets the skill groups someone serves; their presence is kept (offline when they have none yet). */
  async setSkills(workspaceId: string, userId: string, groups: string[] | null, actor: string): Promise<PersonSkills> {
    const before = (await this.skills(workspaceId)).find((p) => p.userId === userId);
    if (!before) throw new WenduError('WENDU_USER_NOT_FOUND', { userId });
    const after = groups === null ? null : [...new Set(groups)];
    const skills = after === null ? null : JSON.stringify(after);
    const at = this.now().toISOString();
    await this.database.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('agent_presence')
        .values({ user_id: userId, workspace_id: workspaceId, status: 'offline', max_concurrent: null, groups: skills, updated_at: at })
        .onConflict((oc) => oc.column('user_id').doUpdateSet({ groups: skills, updated_at: at }))
        .execute();
      await new AuditLog(trx).record({ workspaceId, actor, action: 'updated', targetType: 'agent_skills', targetId: userId, before: { groups: before.groups }, after: { groups: after } }, trx);
    });
    return { ...before, groups: after };
  }

  /**
   * The agent's last socket closed: they keep their conversations until `seconds` from now
   * (stored, so a restart does not forget it; src/handoff/timers.ts acts when it is due).
   */
  async startGrace(workspaceId: string, userId: string, seconds: number): Promise<string> {
    const until = new Date(this.now().getTime() + seconds * MS_PER_SECOND).toISOString();
    await this.database.db.updateTable('agent_presence').set({ grace_until: until }).where('user_id', '=', userId).where('workspace_id', '=', workspaceId).execute();
    return until;
  }

  /** The agent is back: their grace (if any) is over and nothing moves. */
  async cancelGrace(workspaceId: string, userId: string): Promise<void> {
    await this.database.db.updateTable('agent_presence').set({ grace_until: null }).where('user_id', '=', userId).where('workspace_id', '=', workspaceId).where('grace_until', 'is not', null).execute();
  }

  /** The workspace's people a conversation can be transferred to: enabled accounts with their presence (offline when never set), by name. */
  async colleagues(workspaceId: string): Promise<Array<{ id: string; name: string; status: AgentPresence }>> {
    const rows = await this.database.db
      .selectFrom('users as u')
      .leftJoin('agent_presence as p', 'p.user_id', 'u.id')
      .select(['u.id', 'u.name', 'p.status'])
      .where('u.workspace_id', '=', workspaceId)
      .where('u.disabled', '=', 0)
      .orderBy('u.name')
      .orderBy('u.id')
      .limit(MAX_AGENT_LIST)
      .execute();
    return rows.map((r) => ({ id: r.id, name: r.name, status: (r.status ?? 'offline') as AgentPresence }));
  }

  /**
   * `queue`: waiting hand-offs in serving order (priority, then who came first); `mine`: the
   * caller's; `all`: every live one (supervisors). Only the caller's workspace, always.
   */
  async list(workspaceId: string, view: AgentView, userId: string): Promise<AgentConversationRow[]> {
    let query = this.database.db
      .selectFrom('handoffs as h')
      .innerJoin('conversations as c', 'c.id', 'h.conversation_id')
      .leftJoin('customers as cu', 'cu.id', 'h.customer_id')
      .leftJoin('messages as m', (join) => join.onRef('m.conversation_id', '=', 'h.conversation_id').onRef('m.seq', '=', 'c.last_seq'))
      .leftJoin('read_receipts as rr', (join) => join.onRef('rr.conversation_id', '=', 'h.conversation_id').on('rr.reader', '=', 'agent'))
      .select((eb) =>
        eb
          .selectFrom('messages as um')
          .select(eb.fn.countAll<number | string>().as('n'))
          .whereRef('um.conversation_id', '=', 'h.conversation_id')
          .where('um.workspace_id', '=', workspaceId)
          .where('um.sender', '=', 'customer')
          .where('um.seq', '>', eb.fn.coalesce('rr.last_read_seq', eb.lit(0)))
          .as('unread'),
      )
      .select([
        'h.id as handoff_id',
        'h.conversation_id',
        'h.bot_id',
        'h.status',
        'h.reason',
        'h.detail',
        'h.group_id',
        'h.priority',
        'h.agent_id',
        'h.queued_at',
        'h.assigned_at',
        'cu.name as customer_name',
        'm.seq as message_seq',
        'm.sender as message_sender',
        'm.text as message_text',
        'm.created_at as message_at',
      ])
      .where('h.workspace_id', '=', workspaceId)
      .where('c.workspace_id', '=', workspaceId);
    if (view === 'queue') query = query.where('h.status', '=', 'queued').orderBy('h.priority', 'desc').orderBy('h.queued_at', 'asc');
    else if (view === 'mine') query = query.where('h.status', '=', 'assigned').where('h.agent_id', '=', userId).orderBy('h.assigned_at', 'asc');
    else query = query.where('h.status', 'in', [...ACTIVE_HANDOFF_STATUSES]).orderBy('h.status', 'desc').orderBy('h.priority', 'desc').orderBy('h.queued_at', 'asc');
    const rows = await query.orderBy('h.id').limit(MAX_AGENT_LIST).execute();
    const now = this.now().getTime();
    return rows.map((r) => {
      const waitedUntil = r.assigned_at ? Date.parse(r.assigned_at) : now;
      return {
        id: r.conversation_id,
        handoffId: r.handoff_id,
        botId: r.bot_id,
        status: r.status as 'queued' | 'assigned',
        reason: r.reason as HandoffReason,
        detail: r.detail,
        groupId: r.group_id,
        waitingSeconds: Math.max(0, Math.round((waitedUntil - Date.parse(r.queued_at)) / MS_PER_SECOND)),
        priority: Number(r.priority),
        agentId: r.agent_id,
        customerName: r.customer_name ?? null,
        unread: Number(r.unread ?? 0),
        lastMessage:
          r.message_seq === null || r.message_seq === undefined
            ? null
            : { seq: Number(r.message_seq), sender: r.message_sender ?? '', text: [...(r.message_text ?? '')].slice(0, LAST_MESSAGE_PREVIEW_CHARS).join(''), createdAt: r.message_at ?? '' },
      };
    });
  }
}
