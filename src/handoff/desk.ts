/**
 * The hand-off desk of one bot: where a conversation asks for a person and where agents take,
 * pass on and finish it. The dialog engine calls `request` / `viewOf` / `activeOf` (the
 * `HandoffDesk` contract); the agent API calls the rest.
 *
 * Honesty first: `request` queues only when a person can really be promised — the group is
 * open, someone of the workspace is online, and the estimated wait fits the bot's limit —
 * otherwise it answers `offline` (and records it, so analytics sees every unmet request).
 *
 * Every state change is one conditional UPDATE that succeeds only from the state the caller
 * saw (src/handoff/repository.ts), inside a transaction with its history row; events go on the
 * bus after the commit. So two agents accepting one conversation at once: exactly one wins.
 */
import { servesGroup } from './types.js';
import { groupAvailability } from './hours.js';
import { chooseGroup } from './routing.js';
import { WenduError } from '../errors/index.js';
import type { EventBus } from '../events/bus.js';
import type { HandoffEventBase } from '../events/types.js';
import { ConversationService } from '../conversation/service.js';
import type { Message } from '../conversation/schemas.js';
import { renderPhrase, type Locale, type PhraseKey } from '../reply/phrases.js';
import type { TemplateVars } from '../reply/templates.js';
import type { UnresolvedRecorder } from '../learning/inbox.js';
import { detectHandoffRequest } from '../nlu/handoff-request.js';
import type { Database } from '../store/database.js';
import { isUniqueViolation } from '../store/errors.js';
import type { HandoffRow } from '../store/schema.js';
import { HandoffRepository, newHandoffId, type HistoryRecord } from './repository.js';
import type { CustomerHandoffView, GroupAvailability, HandoffGroup, HandoffReason, HandoffSettings } from './types.js';
import { estimateWaitSeconds, onlineCapacity, RECENT_HANDLING_SAMPLE } from './wait-estimate.js';

export interface HandoffRequest {
  conversationId: string;
  customerId: string;
  reason: HandoffReason;
  detail?: string;
  /** higher first: VIP / angry customers */
  priority: number;
  topic: { category: string | null; tags: string[] } | null;
  /** The group an operator rule names (a keyword rule's); one no longer in the settings falls back to the topic routes. */
  groupId?: string;
}

export type HandoffOutcome =
  | { status: 'queued'; handoffId: string; groupId: string; position: number; estimatedWaitSeconds: number }
  | { status: 'assigned'; handoffId: string; groupId: string; agentName: string }
  | { status: 'offline'; handoffId: string | null; groupId: string; why: 'closed_hours' | 'no_agent' | 'long_wait'; availability: GroupAvailability };

export interface HandoffDesk {
  /** Idempotent: a conversation with an active hand-off gets that one back. */
  request(req: HandoffRequest): Promise<HandoffOutcome>;
  /** What the customer is told (CustomerHandoffView in types.ts). */
  viewOf(conversationId: string): Promise<CustomerHandoffView>;
  /** The active hand-off (queued or assigned), if any. */
  activeOf(conversationId: string): Promise<{ handoffId: string; status: 'queued' | 'assigned'; agentId: string | null } | null>;
}

/** Who acts on a hand-off: a user of the desk's workspace; supervisors may act on any. */
export interface DeskActor {
  userId: string;
  /** Supervisor or admin: may message, transfer or close a conversation that is not theirs. */
  supervises: boolean;
}

export type TransferTarget = { agentId: string } | { groupId: string };

export type ChooseGroup = (settings: HandoffSettings, topic: HandoffRequest['topic']) => HandoffGroup;
export type GroupAvailabilityOf = (group: HandoffGroup, now: Date) => GroupAvailability;

export interface HandoffDeskOptions {
  database: Database;
  bus: EventBus;
  workspaceId: string;
  botId: string;
  /** The bot's stored hand-off settings, read on every call (DEFAULT_HANDOFF_SETTINGS until stored). */
  settings: () => HandoffSettings;
  /** Whether a group is open now; default: its hours and the mainland calendar (src/handoff/hours.ts). */
  availability?: GroupAvailabilityOf;
  /** The group for a topic; default: the operator's topic routes (src/handoff/routing.ts). */
  chooseGroup?: ChooseGroup;
  /** The bot's conversations (agent and system messages are appended there); one is opened when absent. */
  conversations?: ConversationService;
  /** Language of the desk's own system messages to the customer. */
  locale?: Locale;
  now?: () => Date;
  /**
   * The workspace's unresolved inbox (src/learning/inbox.ts): the question a person had to answer
   * is kept there when the agent first replies. Not awaited; without it nothing is kept.
   */
  unresolved?: UnresolvedRecorder;
  log?: { error(details: object, message: string): void };
}

/** Messages looked back over from an agent's reply for the customer's question (and an earlier agent reply). */
const QUESTION_LOOKBACK_MESSAGES = 30;

const MS_PER_SECOND = 1000;
/** Who the history names for what the desk decided itself. */
const SYSTEM_ACTOR = 'system';

export interface AcceptResult {
  handoffId: string;
  conversationId: string;
  agentId: string;
  agentName: string;
  /** True when the caller already had it (a repeated accept changes nothing). */
  already: boolean;
}

export class HandoffQueue implements HandoffDesk {
  readonly workspaceId: string;
  readonly botId: string;
  private readonly repo: HandoffRepository;
  private readonly conversations: ConversationService;
  private readonly availability: GroupAvailabilityOf;
  private readonly chooseGroup: ChooseGroup;
  private readonly now: () => Date;

  constructor(private readonly options: HandoffDeskOptions) {
    this.workspaceId = options.workspaceId;
    this.botId = options.botId;
    const scope = { workspaceId: options.workspaceId, botId: options.botId };
    this.repo = new HandoffRepository(options.database.db, scope, options.database.dialect);
    this.conversations = options.conversations ?? new ConversationService(options.database, options.bus, scope);
    this.availability = options.availability ?? ((group, now) => groupAvailability(group, now, options.locale));
    this.chooseGroup = options.chooseGroup ?? chooseGroup;
    this.now = options.now ?? (() => new Date());
  }

  async request(req: HandoffRequest): Promise<HandoffOutcome> {
    const active = await this.repo.activeOf(req.conversationId);
    if (active) return this.outcomeOf(active);
    const conversation = await this.conversations.get(req.conversationId);
    if (conversation.customerId !== req.customerId) throw new WenduError('WENDU_FORBIDDEN', { conversationId: req.conversationId });
    const settings = this.options.settings();
    const named = req.groupId === undefined ? undefined : settings.groups.find((g) => g.id === req.groupId);
    const group = named ?? this.chooseGroup(settings, req.topic);
    const now = this.now();
    const availability = this.availability(group, now);
    const offline = (why: 'closed_hours' | 'no_agent' | 'long_wait') => this.recordOffline(req, group, availability, why, now);
    if (!availability.open) return offline('closed_hours');
    const capacity = onlineCapacity((await this.repo.agentLoads()).filter((a) => servesGroup(a.groups, group.id)), settings.maxConcurrentPerAgent);
    if (capacity.agents === 0) return offline('no_agent');
    const position = (await this.repo.queuedAhead(group.id, req.priority, null, null)) + 1;
    const estimate = estimateWaitSeconds(position, capacity, await this.repo.recentHandlingSeconds(group.id, RECENT_HANDLING_SAMPLE), settings.defaultHandlingSeconds);
    if (estimate === null) return offline('no_agent');
    if (estimate > settings.maxWaitSeconds) return offline('long_wait');

    const row = this.newRow(req, group.id, 'queued', now);
    try {
      await this.repo.transaction(async (repo) => {
        await repo.insert(row);
        await repo.addHistory(this.history(row.id, 'requested', SYSTEM_ACTOR, { groupId: group.id, reason: req.reason, priority: req.priority }, now));
      });
    } catch (err) {
      // The same conversation asked twice at once: the other request queued it; answer with that one.
      if (!isUniqueViolation(err)) throw err;
      const winner = await this.repo.activeOf(req.conversationId);
      if (!winner) throw err;
      return this.outcomeOf(winner);
    }
    await this.options.bus.publish('handoff.requested', { ...this.eventBase(row), status: 'queued', reason: req.reason, priority: req.priority, position });
    return { status: 'queued', handoffId: row.id, groupId: group.id, position, estimatedWaitSeconds: estimate };
  }

  async viewOf(conversationId: string): Promise<CustomerHandoffView> {
    const row = (await this.repo.activeOf(conversationId)) ?? (await this.repo.latestOf(conversationId));
    const view: CustomerHandoffView = { status: 'none', position: null, estimatedWaitSeconds: null, agentName: null };
    if (!row) return view;
    if (row.status === 'queued') {
      const { position, estimatedWaitSeconds } = await this.queuePlace(row);
      return { ...view, status: 'queued', position, estimatedWaitSeconds };
    }
    if (row.status === 'assigned') return { ...view, status: 'assigned', agentName: await this.agentNameOf(row) };
    return { ...view, status: row.status as CustomerHandoffView['status'] };
  }

  async activeOf(conversationId: string): Promise<{ handoffId: string; status: 'queued' | 'assigned'; agentId: string | null } | null> {
    const row = await this.repo.activeOf(conversationId);
    return row ? { handoffId: row.id, status: row.status as 'queued' | 'assigned', agentId: row.agent_id } : null;
  }

  /** The conversations waiting in a group, first served first. */
  queuedIn(groupId: string): Promise<string[]> {
    return this.repo.queuedConversationIds(groupId);
  }

  /** The id of the conversation's most recently closed hand-off, if any (ratings are about it). */
  async lastClosedOf(conversationId: string): Promise<string | null> {
    return (await this.repo.lastClosedOf(conversationId))?.id ?? null;
  }

  /**
   * An agent takes a queued hand-off (by hand-off id or conversation id). Atomic: the agent's
   * presence row is locked while their load is counted against their limit, and the hand-off
   * moves queued → assigned only if it is still queued — the loser of a race gets
   * WENDU_HANDOFF_TAKEN. Accepting what one already has is a no-op.
   */
  async accept(ref: string, agentId: string): Promise<AcceptResult> {
    const at = this.now().toISOString();
    const settings = this.options.settings();
    const accepted = await this.repo.transaction(async (repo) => {
      const row = (await repo.byId(ref)) ?? (await repo.activeOf(ref));
      if (!row || (row.status !== 'queued' && row.status !== 'assigned')) throw new WenduError('WENDU_HANDOFF_NOT_FOUND', { conversationId: ref });
      if (row.status === 'assigned') {
        if (row.agent_id === agentId) return { row, already: true };
        throw new WenduError('WENDU_HANDOFF_TAKEN', { conversationId: row.conversation_id });
      }
      await this.claimSlot(repo, agentId, settings, at, 'WENDU_AGENT_AT_CAPACITY');
      if (!(await repo.assignIfQueued(row.id, agentId, at))) throw new WenduError('WENDU_HANDOFF_TAKEN', { conversationId: row.conversation_id });
      await repo.settleOpenOffers(row.id, agentId, at);
      await repo.addHistory(this.history(row.id, 'assigned', agentId, { agentId }, new Date(at)));
      return { row, already: false };
    });
    const { row, already } = accepted;
    if (!already) return this.announceAssigned(row, agentId);
    return { handoffId: row.id, conversationId: row.conversation_id, agentId, agentName: (await this.repo.agentName(agentId)) ?? '', already };
  }

  /** The agent takes whoever is next in this bot's queue (priority, then arrival); null when nobody waits. */
  async acceptNext(agentId: string): Promise<AcceptResult | null> {
    const at = this.now().toISOString();
    const settings = this.options.settings();
    const row = await this.repo.transaction(async (repo) => {
      await this.claimSlot(repo, agentId, settings, at, 'WENDU_AGENT_AT_CAPACITY');
      const next = await repo.lockNextQueued();
      if (!next) return undefined;
      if (!(await repo.assignIfQueued(next.id, agentId, at))) throw new WenduError('WENDU_HANDOFF_TAKEN', { conversationId: next.conversation_id });
      await repo.settleOpenOffers(next.id, agentId, at);
      await repo.addHistory(this.history(next.id, 'assigned', agentId, { agentId, next: true }, new Date(at)));
      return next;
    });
    if (!row) return null;
    return this.announceAssigned(row, agentId);
  }

  private async announceAssigned(row: HandoffRow, agentId: string): Promise<AcceptResult> {
    const agentName = (await this.repo.agentName(agentId)) ?? '';
    await this.options.bus.publish('handoff.assigned', { ...this.eventBase(row), agentId });
    await this.tellCustomer(row.conversation_id, 'agentJoined', { agent: { name: agentName } }, { kind: 'handoff.agent_joined', handoffId: row.id });
    return { handoffId: row.id, conversationId: row.conversation_id, agentId, agentName, already: false };
  }

  /**
   * An agent's (or a supervisor's) message to the customer, in the conversation's log. With a
   * `clientMessageId` (the agent socket's), a retry is stored once and answered with the first.
   */
  async sendAgentMessage(conversationId: string, actor: DeskActor, text: string, clientMessageId?: string): Promise<Message> {
    const row = await this.activeRow(conversationId);
    this.assertMayAct(row, actor);
    const { message, duplicate } = await this.conversations.append(conversationId, { sender: 'agent', senderId: actor.userId, clientMessageId, text, content: [{ type: 'text', text }], meta: { handoffId: row.id } });
    if (!duplicate) this.keepAgentAnswered(row, message);
    return message;
  }

  /**
   * On an agent's first reply of a hand-off, the customer's question a person had to answer goes
   * to the unresolved inbox: the last customer message before the hand-off that is not itself a
   * request for a person (转人工 teaches nothing), else the last such message before the reply.
   */
  private keepAgentAnswered(row: HandoffRow, reply: Message): void {
    const { unresolved, log } = this.options;
    if (!unresolved) return;
    const keep = async () => {
      const recent = await this.conversations.messagesAfter(row.conversation_id, Math.max(0, reply.seq - 1 - QUESTION_LOOKBACK_MESSAGES), QUESTION_LOOKBACK_MESSAGES);
      const before = recent.filter((m) => m.seq < reply.seq);
      if (before.some((m) => m.sender === 'agent' && m.meta.handoffId === row.id)) return;
      const asks = before.filter((m) => m.sender === 'customer' && !detectHandoffRequest(m.text).requested);
      const question = asks.filter((m) => m.createdAt <= row.queued_at).pop() ?? asks.pop();
      if (!question) return;
      const conversation = await this.conversations.get(row.conversation_id);
      await unresolved.recordUnresolved({ botId: row.bot_id, conversationId: row.conversation_id, messageSeq: question.seq, reason: 'agent_answered', channel: conversation.channel, text: question.text });
    };
    keep().catch((err: unknown) => log?.error({ err, conversationId: row.conversation_id }, '记录未解决问题失败 (recording an unresolved question failed)'));
  }

  /**
   * Moves the agents' read mark of the conversation to `seq` (never backwards) — what the
   * agent list's `unread` counts from. Only the agent who has it, or a supervisor.
   */
  async markAgentRead(conversationId: string, actor: DeskActor, seq: number): Promise<number> {
    this.assertMayAct(await this.activeRow(conversationId), actor);
    return this.conversations.markRead(conversationId, 'agent', seq);
  }

  /**
   * The agent is gone (their disconnect grace ran out): every conversation of this bot they
   * hold goes back to its group's queue at its original place — queued_at and priority are
   * kept, so the customer does not start waiting anew. Each move is conditional (still
   * assigned to this agent), so a conversation they closed or passed on meanwhile is left
   * alone. Returns the conversation ids that went back.
   */
  async releaseAgent(agentId: string): Promise<string[]> {
    const at = this.now();
    const released = await this.repo.transaction(async (repo) => {
      const moved: HandoffRow[] = [];
      for (const row of await repo.assignedTo(agentId)) {
        if (!(await repo.requeue(row.id, { status: 'assigned', agentId }, row.group_id))) continue;
        await repo.addHistory(this.history(row.id, 'requeued', SYSTEM_ACTOR, { fromAgentId: agentId, why: 'agent_disconnected' }, at));
        moved.push(row);
      }
      return moved;
    });
    for (const row of released) {
      await this.options.bus.publish('handoff.requeued', { ...this.eventBase(row), fromAgentId: agentId, why: 'agent_disconnected' });
      // The customer saw 「××已接入」: they are told the person is gone and that they kept their place.
      await this.tellCustomer(row.conversation_id, 'agentLeft', {}, { kind: 'handoff.requeued', handoffId: row.id });
    }
    return released.map((row) => row.conversation_id);
  }

  /**
   * Passes the conversation to another group's queue (it keeps its place in time and its
   * priority) or straight to an online agent with a free slot. The note is for colleagues: it
   * goes to the hand-off history only, never into the customer's messages.
   */
  async transfer(conversationId: string, actor: DeskActor, target: TransferTarget, note: string): Promise<{ handoffId: string; status: 'queued' | 'assigned'; groupId: string; agentId: string | null }> {
    const row = await this.activeRow(conversationId);
    this.assertMayAct(row, actor);
    const settings = this.options.settings();
    const at = this.now();
    const fromAgentId = row.agent_id;
    if ('groupId' in target) {
      if (!settings.groups.some((g) => g.id === target.groupId)) throw new WenduError('WENDU_VALIDATION', { issues: [{ path: 'groupId', message: '没有这个分组', code: 'unknown_group' }] });
      await this.repo.transaction(async (repo) => {
        if (!(await repo.requeue(row.id, { status: row.status, agentId: row.agent_id }, target.groupId))) throw new WenduError('WENDU_STATE_CONFLICT', { conversationId });
        // Another team's queue: their agents are offered it anew.
        await repo.settleOpenOffers(row.id, null, at.toISOString());
        await repo.addHistory(this.history(row.id, 'transferred', actor.userId, { note, fromGroupId: row.group_id, toGroupId: target.groupId, fromAgentId }, at));
      });
      await this.options.bus.publish('handoff.transferred', { ...this.eventBase({ ...row, group_id: target.groupId }), fromAgentId, toAgentId: null });
      return { handoffId: row.id, status: 'queued', groupId: target.groupId, agentId: null };
    }
    const toAgentId = target.agentId;
    if (toAgentId === fromAgentId) throw new WenduError('WENDU_VALIDATION', { issues: [{ path: 'agentId', message: '已经由这位客服接待', code: 'same_agent' }] });
    await this.repo.transaction(async (repo) => {
      await this.claimSlot(repo, toAgentId, settings, at.toISOString(), 'WENDU_AGENT_UNAVAILABLE', true);
      const moved = fromAgentId === null ? await repo.assignIfQueued(row.id, toAgentId, at.toISOString()) : await repo.reassign(row.id, fromAgentId, toAgentId);
      if (!moved) throw new WenduError('WENDU_STATE_CONFLICT', { conversationId });
      await repo.settleOpenOffers(row.id, toAgentId, at.toISOString());
      await repo.addHistory(this.history(row.id, 'transferred', actor.userId, { note, fromAgentId, toAgentId, groupId: row.group_id }, at));
    });
    await this.options.bus.publish('handoff.transferred', { ...this.eventBase(row), fromAgentId, toAgentId });
    await this.options.bus.publish('handoff.assigned', { ...this.eventBase(row), agentId: toAgentId });
    const agentName = (await this.repo.agentName(toAgentId)) ?? '';
    await this.tellCustomer(conversationId, 'agentJoined', { agent: { name: agentName } }, { kind: 'handoff.agent_joined', handoffId: row.id });
    return { handoffId: row.id, status: 'assigned', groupId: row.group_id, agentId: toAgentId };
  }

  /**
   * Finishes the hand-off: records how long the agent had it (the wait estimate's history),
   * tells the bus, and asks the customer for a 1–5 rating with a system message.
   */
  async close(conversationId: string, actor: DeskActor, tags: string[]): Promise<{ handoffId: string; handlingSeconds: number | null; tags: string[] }> {
    const row = await this.activeRow(conversationId);
    this.assertMayAct(row, actor);
    const at = this.now();
    const handlingSeconds = row.assigned_at ? Math.max(0, Math.round((at.getTime() - Date.parse(row.assigned_at)) / MS_PER_SECOND)) : null;
    await this.repo.transaction(async (repo) => {
      if (!(await repo.closeIf(row.id, row.status, { at: at.toISOString(), tags, handlingSeconds }))) throw new WenduError('WENDU_STATE_CONFLICT', { conversationId });
      await repo.settleOpenOffers(row.id, null, at.toISOString());
      await repo.addHistory(this.history(row.id, 'closed', actor.userId, { tags, handlingSeconds }, at));
    });
    await this.options.bus.publish('handoff.closed', { ...this.eventBase(row), agentId: row.agent_id, handlingSeconds, tags });
    await this.tellCustomer(conversationId, 'ratingPrompt', {}, { kind: 'handoff.rating_request', handoffId: row.id, scale: { min: 1, max: 5 } });
    return { handoffId: row.id, handlingSeconds, tags };
  }

  /** What happened to a hand-off, internal notes included — for agents only, never the customer. */
  /**
   * An internal note on the active hand-off: the assigned agent's reminder, or a supervisor's
   * whisper to them. Kept in the hand-off history only — never in the customer's messages.
   */
  async addNote(conversationId: string, actor: DeskActor, text: string): Promise<{ handoffId: string; at: string }> {
    const row = await this.activeRow(conversationId);
    this.assertMayAct(row, actor);
    const at = this.now();
    await this.repo.addHistory(this.history(row.id, 'note', actor.userId, { text }, at));
    return { handoffId: row.id, at: at.toISOString() };
  }

  /** The internal notes (and transfer notes) of the conversation's active hand-off, oldest first. */
  async notesOf(conversationId: string, actor: DeskActor): Promise<Array<{ actor: string; text: string; at: string }>> {
    const row = await this.activeRow(conversationId);
    this.assertMayAct(row, actor);
    return (await this.repo.history(row.id))
      .map((h) => ({ actor: h.actor, text: String(h.details.text ?? h.details.note ?? ''), at: h.at, kind: h.kind }))
      .filter((n) => (n.kind === 'note' || n.kind === 'transferred') && n.text !== '')
      .map(({ actor, text, at }) => ({ actor, text, at }));
  }

  /** The skill groups a conversation of this bot may be transferred to (its hand-off settings). */
  groups(): Array<{ id: string; name: string }> {
    return this.options.settings().groups.map(({ id, name }) => ({ id, name }));
  }

  async historyOf(handoffId: string): Promise<Array<Omit<HistoryRecord, 'workspaceId'>>> {
    return this.repo.history(handoffId);
  }

  private history(handoffId: string, kind: HistoryRecord['kind'], actor: string, details: Record<string, unknown>, at: Date): HistoryRecord {
    return { workspaceId: this.workspaceId, handoffId, kind, actor, details, at: at.toISOString() };
  }

  private async activeRow(conversationId: string): Promise<HandoffRow> {
    const row = await this.repo.activeOf(conversationId);
    if (!row) throw new WenduError('WENDU_HANDOFF_NOT_FOUND', { conversationId });
    return row;
  }

  /** The assigned agent acts on their own conversation; a queued one or someone else's needs a supervisor. */
  private assertMayAct(row: HandoffRow, actor: DeskActor): void {
    if (actor.supervises) return;
    if (row.status === 'assigned' && row.agent_id === actor.userId) return;
    throw new WenduError('WENDU_FORBIDDEN', { conversationId: row.conversation_id, reason: '只有接待该会话的客服或主管可以操作' });
  }

  /** Locks the agent's presence and checks a free slot; `mustBeOnline` for transfers (nobody is handed work while away). */
  private async claimSlot(repo: HandoffRepository, agentId: string, settings: HandoffSettings, at: string, code: 'WENDU_AGENT_AT_CAPACITY' | 'WENDU_AGENT_UNAVAILABLE', mustBeOnline = false): Promise<void> {
    const presence = await repo.lockAgent(agentId, at);
    if (!presence) throw new WenduError(code === 'WENDU_AGENT_UNAVAILABLE' ? 'WENDU_AGENT_UNAVAILABLE' : 'WENDU_FORBIDDEN', { agentId });
    if (mustBeOnline && presence.status !== 'online') throw new WenduError(code, { agentId, presence: presence.status });
    const limit = presence.maxConcurrent ?? settings.maxConcurrentPerAgent;
    const assigned = await repo.assignedCount(agentId);
    if (assigned >= limit) throw new WenduError(code, { agentId, assigned, limit });
  }

  private async queuePlace(row: HandoffRow): Promise<{ position: number; estimatedWaitSeconds: number | null }> {
    const settings = this.options.settings();
    const position = (await this.repo.queuedAhead(row.group_id, row.priority, row.queued_at, row.id)) + 1;
    const capacity = onlineCapacity((await this.repo.agentLoads()).filter((a) => servesGroup(a.groups, row.group_id)), settings.maxConcurrentPerAgent);
    const estimatedWaitSeconds = estimateWaitSeconds(position, capacity, await this.repo.recentHandlingSeconds(row.group_id, RECENT_HANDLING_SAMPLE), settings.defaultHandlingSeconds);
    return { position, estimatedWaitSeconds };
  }

  private async outcomeOf(row: HandoffRow): Promise<HandoffOutcome> {
    if (row.status === 'assigned') return { status: 'assigned', handoffId: row.id, groupId: row.group_id, agentName: await this.agentNameOf(row) };
    const { position, estimatedWaitSeconds } = await this.queuePlace(row);
    // Already queued: the customer keeps their place even if the estimate has grown since.
    return { status: 'queued', handoffId: row.id, groupId: row.group_id, position, estimatedWaitSeconds: estimatedWaitSeconds ?? this.options.settings().defaultHandlingSeconds };
  }

  private async agentNameOf(row: HandoffRow): Promise<string> {
    return (row.agent_id ? await this.repo.agentName(row.agent_id) : null) ?? '';
  }

  private async recordOffline(req: HandoffRequest, group: HandoffGroup, availability: GroupAvailability, why: 'closed_hours' | 'no_agent' | 'long_wait', now: Date): Promise<HandoffOutcome> {
    const row = this.newRow(req, group.id, 'offline', now);
    await this.repo.transaction(async (repo) => {
      await repo.insert(row);
      await repo.addHistory(this.history(row.id, 'requested', SYSTEM_ACTOR, { groupId: group.id, reason: req.reason, priority: req.priority, offline: why }, now));
    });
    await this.options.bus.publish('handoff.requested', { ...this.eventBase(row), status: 'offline', reason: req.reason, priority: req.priority, position: null });
    return { status: 'offline', handoffId: row.id, groupId: group.id, why, availability };
  }

  private newRow(req: HandoffRequest, groupId: string, status: 'queued' | 'offline', now: Date): HandoffRow {
    return {
      id: newHandoffId(),
      workspace_id: this.workspaceId,
      bot_id: this.botId,
      conversation_id: req.conversationId,
      customer_id: req.customerId,
      status,
      reason: req.reason,
      detail: req.detail ?? null,
      group_id: groupId,
      priority: req.priority,
      agent_id: null,
      queued_at: now.toISOString(),
      assigned_at: null,
      closed_at: null,
      close_tags: '[]',
      handling_seconds: null,
    };
  }

  private eventBase(row: HandoffRow): HandoffEventBase {
    return { handoffId: row.id, conversationId: row.conversation_id, workspaceId: this.workspaceId, botId: this.botId, groupId: row.group_id };
  }

  /** A system message in the desk's language (the customer sees it like any other message). */
  private async tellCustomer(conversationId: string, key: PhraseKey, vars: TemplateVars, meta: Record<string, unknown>): Promise<void> {
    const conversation = await this.conversations.get(conversationId);
    const phrase = renderPhrase(key, { locale: this.options.locale ?? 'zh', context: { channel: conversation.channel, customer: null, now: this.now() }, vars });
    await this.conversations.append(conversationId, { sender: 'system', text: phrase.text, content: phrase.content, meta });
  }
}
