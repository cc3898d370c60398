/**
 * The conversation engine: turns a customer's message in a conversation into the bot's replies.
 *
 *   customer message ─ durable append (idempotent by client id) ─┐
 *     a flow is waiting?  → the flow takes the answer (or a confident KB answer to an unrelated
 *                           question, then the flow resumes or is dropped, as it defines)
 *     otherwise           → the bot decides (answer / clarify / fallback / hand-off), a flow may
 *                           start by keyword or by the answered entry
 *   replies ─ appended with `replyTo` and the decision behind them ─ state saved
 *
 * Messages of one conversation are handled one at a time; the message log, not this class, is
 * the source of truth, so a retried message gets the very same replies back.
 */
import { contentText } from '../content/fallback-text.js';
import type { RichBlock } from '../content/rich-content.js';
import { handoffOutcomeContent } from '../handoff/outcome-phrases.js';
import type { HandoffDesk } from '../handoff/desk.js';
import { groupAvailability, opensAtText } from '../handoff/hours.js';
import type { HandoffReason, HandoffSettings } from '../handoff/types.js';
import { WenduError } from '../errors/index.js';
import type { ConversationService, StoredState } from '../conversation/service.js';
import type { Conversation, Customer, CustomerProfileInput, Message, MessageMeta } from '../conversation/schemas.js';
import { assertSignedProfile } from '../conversation/customer-profile.js';
import type { FlowRunner } from '../flows/runner.js';
import type { FlowService } from '../flows/service.js';
import { isCancel } from '../flows/answers.js';
import { extractEntities } from '../nlu/entities.js';
import { saysNotHelped } from '../nlu/not-helped.js';
import { detectHandoffRequest } from '../nlu/handoff-request.js';
import { toSimplifiedHalfWidth } from '../nlu/text-basics.js';
import { matchTrigger } from '../flows/triggers.js';
import type { FlowContext, StepResult } from '../flows/types.js';
import type { Channel } from '../kb/schemas.js';
import type { PhrasingRecorder } from '../kb/pending-questions.js';
import type { UnresolvedReason, UnresolvedRecorder } from '../learning/inbox.js';
import { renderPhrase, VIP_MIN_LEVEL, type PhraseKey } from '../reply/phrases.js';
import { selectPromotion } from '../reply/promotions.js';
import type { BotApi } from './bot.js';
import type { Decision, Suggestion } from './decision.js';
import type { PreviousTurn } from './context.js';
import { correctionOf, previousTurnOf, rejectsAnswer, replyToClarification } from './clarification.js';
import { RECENT_ENTRIES_KEPT, RECENT_PHRASES_KEPT, remember, restoreDialogState, type DialogState } from './dialog-state.js';
import type { ConversationTurnLock } from '../conversation/turn-lock.js';
import type { TurnGate } from './turn-gate.js';

const MS_PER_SECOND = 1000;
/**
 * How often a turn is worked out again when another instance changed the conversation's state
 * first. Two or three instances rarely collide more than once; after that the customer gets
 * the honest apology rather than an endless loop.
 */
const MAX_TURN_ATTEMPTS = 3;
/** How many of the most answered entries the welcome message looks at. */
const HOT_ENTRIES_CONSIDERED = 20;
/**
 * How long the welcome reuses its count of the most answered entries. Counting scans every bot
 * answer, once per new conversation — the cost grows with the message log (docs/performance.md);
 * what customers ask most moves over days, so a minute-old count is as good.
 */
export const HOT_ENTRIES_REFRESH_MS = 60_000;
/** Suggestion labels longer than this are cut (chat buttons are narrow). */
const SUGGESTION_LABEL_MAX = 40;
const SUGGESTIONS_HEADING = { zh: '猜你想问', en: 'You may also ask' } as const;
const REPLY_FAILED = {
  zh: '抱歉，系统刚才开了个小差，您的消息已经收到。请稍后再发一次，或者直接转人工。',
  en: 'Sorry, something went wrong on our side — your message was received. Please send it again, or talk to a person.',
} as const;
const HANDOFF_LABEL = { zh: '转人工', en: 'Talk to a person' } as const;
/** Entities worth remembering about a customer, and the attribute each is kept under. */
const LEARNED_ENTITIES = { phone: 'phone', email: 'email', order_number: 'lastOrderNumber' } as const;

export interface EngineDeps {
  conversations: ConversationService;
  bot: BotApi;
  flows: FlowService;
  runner: FlowRunner;
  /** The bot's secret: embedding sites sign customer profiles with it (docs/customer-profile.md). */
  botSecret: string;
  /** Longest a signed profile's `expiresAt` may lie ahead (server config; default 24 h). */
  profileMaxLifetimeSeconds?: number;
  /** Variables flows may use as {{env.x}} (e.g. orderServiceUrl). */
  env: Record<string, string>;
  now?: () => Date;
  /** Where failures to reply are reported (pino's logger fits). */
  log?: { error(details: object, message: string): void };
  /**
   * The bot's hand-off desk (src/handoff/desk.ts): with it, a hand-off really queues the customer
   * for a person and they are told where they stand; without it (tests of the bot alone) the bot
   * only records that it handed over.
   */
  desk?: HandoffDesk;
  /**
   * The bot's hand-off settings (src/handoff/types.ts), read on every turn: operator keyword
   * rules and VIP-on-request act before the bot decides, and the welcome tells the truth about
   * the default group's hours. Without them (tests of the bot alone) neither applies.
   */
  handoffSettings?: () => HandoffSettings;
  /**
   * Where taps on 您是想问 (and 是的) are recorded as pending similar questions for an operator
   * (src/kb/pending-questions.ts). Not awaited: the reply never waits for it. Without it (tests of
   * the bot alone) nothing is kept.
   */
  learning?: PhrasingRecorder;
  /**
   * Where questions the bot could not settle go (src/learning/inbox.ts): a fallback, a rejected
   * clarification, 「没用」 after an answer, 转人工 right after an answer, a hand-off after
   * repeated misses. Not awaited either. Without it nothing is kept.
   */
  unresolved?: UnresolvedRecorder;
  /** Held around every turn when several instances share the database (src/conversation/turn-lock.ts); one instance needs none. */
  turnLock?: ConversationTurnLock;
  /**
   * The process's backpressure (src/dialog/turn-gate.ts), shared by every bot: a stored message
   * waits there for its turn when the node is saturated. Without it every turn starts at once.
   */
  turns?: TurnGate;
}

/**
 * Queue priority (higher first): an upset customer, or a VIP who asked for a person (with
 * `vipDirect`), before a VIP the bot handed over, before everyone else.
 */
export const HANDOFF_PRIORITY = { angry: 2, vipRequest: 2, vip: 1, normal: 0 } as const;
/** How each hand-off rule is filed for analytics (src/handoff/types.ts HandoffReason). */
const HANDOFF_REASON_OF_RULE: Record<string, HandoffReason> = {
  'handoff.explicit_request': 'customer_request',
  'handoff.vip_request': 'customer_request',
  'handoff.accepted_offer': 'customer_request',
  'handoff.keyword': 'policy',
  'handoff.angry': 'emotion',
  'handoff.repeated_fallback': 'repeated_failure',
};
const APOLOGY_BEFORE_HANDOFF: Record<'zh' | 'en', string> = { zh: '非常抱歉给您带来不好的体验。', en: "I'm really sorry for this experience. " };

export interface OpenInput {
  channel: Channel;
  profile?: CustomerProfileInput;
  signature?: string;
  conversationId?: string;
}

export interface OpenResult {
  conversation: Conversation;
  customer: Customer;
  created: boolean;
  /** The welcome (and any flow started on conversation start), when the conversation is new. */
  messages: Message[];
}

export interface CustomerMessageResult {
  message: Message;
  replies: Message[];
  duplicate: boolean;
}

/** One bot bubble before it is stored. */
interface Bubble {
  content: RichBlock[];
  meta: MessageMeta;
}

interface Turn {
  bubbles: Bubble[];
  state: DialogState;
}

export class ConversationEngine {
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly now: () => Date;
  private hotEntries: { countedAt: number; counts: ReturnType<ConversationService['entryAnswerCounts']> } | null = null;

  constructor(private readonly deps: EngineDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  /** This bot's flow runner (its call allow-list) and env, for the console's test runs of drafts. */
  flowTester(): { runner: FlowRunner; env: Record<string, string> } {
    return { runner: this.deps.runner, env: this.deps.env };
  }

  /**
   * The bot's own length limit (settings.maxMessageLength), applied at the door, before the
   * message is stored: accepting it and then failing to answer would leave the customer with
   * "系统刚才开了个小差" instead of "please split your message". Counted like the bot counts
   * (characters, trimmed), so whatever passes here the bot accepts too.
   */
  private assertWithinBotLimit(text: string): void {
    const maxLength = this.deps.bot.settings.maxMessageLength;
    if (typeof text === 'string' && Array.from(text.trim()).length > maxLength) {
      throw new WenduError('WENDU_MESSAGE_TOO_LONG', { maxLength });
    }
  }

  async open(input: OpenInput): Promise<OpenResult> {
    const { conversations } = this.deps;
    let verified = false;
    if (input.signature !== undefined) {
      // A site that signs must sign correctly: a tampered or expired profile is refused, never downgraded.
      const maxLifetimeSeconds = this.deps.profileMaxLifetimeSeconds;
      assertSignedProfile(input.profile, input.signature, this.deps.botSecret, {
        now: this.now(),
        ...(maxLifetimeSeconds === undefined ? {} : { maxLifetimeMs: maxLifetimeSeconds * MS_PER_SECOND }),
      });
      verified = true;
    }
    const customer = await conversations.upsertCustomer(input.profile ?? {}, { verified });
    const conversation = await conversations.start({ channel: input.channel, customer, conversationId: input.conversationId });
    const created = conversation.lastSeq === 0;
    if (!created) return { conversation, customer, created, messages: [] };
    const messages = await this.serial(conversation.id, () => this.welcome(conversation, customer));
    return { conversation: await conversations.get(conversation.id), customer, created, messages };
  }

  /**
   * `onLongWait` is called if the bot has not started on the message after the gate's
   * busyNoticeAfterMs — the channel tells the customer 「当前咨询人数较多…」. `onStart` is called
   * when the bot starts working out its replies (its turn let in), if it does.
   */
  async handleCustomerMessage(conversationId: string, input: { text: string; clientMessageId?: string; onLongWait?: () => void; onStart?: () => void }): Promise<CustomerMessageResult> {
    this.assertWithinBotLimit(input.text);
    // Refused before it is stored: an unacknowledged message stays with the client, which retries.
    this.deps.turns?.assertRoom();
    const stopNotice = this.deps.turns?.noticeIfSlow(input.onLongWait);
    const started = () => {
      stopNotice?.();
      input.onStart?.();
    };
    try {
      return await this.receive(conversationId, input, started);
    } finally {
      stopNotice?.();
    }
  }

  /** Stores the message (idempotent by client id) and answers it, one message at a time per conversation. */
  private receive(conversationId: string, input: { text: string; clientMessageId?: string }, started?: () => void): Promise<CustomerMessageResult> {
    return this.serial(conversationId, async () => {
      const { conversations } = this.deps;
      const { conversation, state } = await conversations.getWithState<Partial<DialogState>>(conversationId);
      const customer = await this.customerOf(conversation);
      const text = input.text;
      const { message, duplicate } = await conversations.append(conversationId, {
        sender: 'customer',
        senderId: customer.externalId,
        clientMessageId: input.clientMessageId,
        text,
        content: text.trim() ? [{ type: 'text', text }] : [],
      });
      if (duplicate) {
        const replies = await conversations.repliesTo(conversationId, message.seq);
        // Replies exist: the retry gets exactly them. None, and nothing came after: the first
        // attempt died between storing the message and replying — reply now, once.
        const latest = await conversations.get(conversationId);
        if (replies.length > 0 || latest.lastSeq !== message.seq) return { message, replies, duplicate: true };
        if (await this.withAgent(conversationId)) return { message, replies: [], duplicate: true };
        return { message, replies: await this.replyInTurn(conversation, customer, message, started, state), duplicate: true };
      }
      // A person has the conversation: the message is theirs to answer (they hear it on the bus);
      // what it tells about the customer (an order number, a phone) is still remembered for them.
      if (await this.withAgent(conversationId)) {
        await this.learnFrom(customer, text);
        return { message, replies: [], duplicate: false };
      }
      return { message, replies: await this.replyInTurn(conversation, customer, message, started, state), duplicate: false };
    });
  }

  /**
   * Answers customer message `customerSeq` if it is still the conversation's newest message,
   * has no reply, and the conversation is still the bot's (open, not handed off) — what a
   * crash between storing a message and replying leaves. Idempotent: in the same queue as
   * live messages (a client resending the same clientMessageId gets these replies), and the
   * guarded commit keeps a second instance recovering the same message from answering again.
   * Returns the replies written now (empty when there was nothing to do).
   */
  async answerUnanswered(conversationId: string, customerSeq: number): Promise<Message[]> {
    return this.serial(conversationId, async () => {
      const { conversations } = this.deps;
      const conversation = await conversations.get(conversationId);
      if (conversation.status !== 'open' || conversation.lastSeq !== customerSeq) return [];
      const [message] = await conversations.messagesAfter(conversationId, customerSeq - 1, 1);
      if (!message || message.seq !== customerSeq || message.sender !== 'customer') return [];
      if ((await conversations.repliesTo(conversationId, customerSeq)).length > 0) return [];
      // Handed to a person: the customer waits for them, not for a late bot answer. (While only
      // queued, the bot keeps answering.)
      if (this.deps.desk) {
        if (await this.withAgent(conversationId)) return [];
      } else {
        const { state } = await conversations.loadState<Partial<DialogState>>(conversationId);
        if (restoreDialogState(state).handoff) return [];
      }
      return this.replyInTurn(conversation, await this.customerOf(conversation), message);
    });
  }

  async handleEvent(conversationId: string, event: string): Promise<Message[]> {
    return this.serial(conversationId, async () => {
      const conversation = await this.deps.conversations.get(conversationId);
      const customer = await this.customerOf(conversation);
      const match = matchTrigger(await this.deps.flows.listPublished(), { event });
      if (!match) return [];
      return this.withState(conversation, async (state) => this.startFlow(match.flow, state, conversation, customer, ''));
    });
  }

  // ---------------------------------------------------------------------------------------------

  /** Is a person answering this conversation now? */
  private async withAgent(conversationId: string): Promise<boolean> {
    return (await this.deps.desk?.activeOf(conversationId))?.status === 'assigned';
  }

  /**
   * Hands the conversation to the desk and returns what the customer is told — their place and
   * wait, the agent who has them, or honestly that no person is available and how to leave a
   * message. Null without a desk (the caller keeps its own phrase).
   */
  private async handOver(
    rule: string,
    detail: string | undefined,
    state: DialogState,
    conversation: Conversation,
    customer: Customer,
    angry: boolean,
    direct: { priority?: number; groupId?: string } = {},
  ): Promise<RichBlock[] | null> {
    const { desk, bot } = this.deps;
    if (!desk) return null;
    const entryId = state.previous?.entryId ?? null;
    const outcome = await desk.request({
      conversationId: conversation.id,
      customerId: customer.id,
      reason: rule.startsWith('flow') ? 'flow' : (HANDOFF_REASON_OF_RULE[rule] ?? 'policy'),
      detail,
      priority: direct.priority ?? (angry ? HANDOFF_PRIORITY.angry : customer.vipLevel >= VIP_MIN_LEVEL ? HANDOFF_PRIORITY.vip : HANDOFF_PRIORITY.normal),
      topic: entryId ? { category: bot.categoryOf(entryId), tags: bot.tagsOf(entryId) } : null,
      ...(direct.groupId === undefined ? {} : { groupId: direct.groupId }),
    });
    const content = handoffOutcomeContent(outcome, bot.settings.locale);
    if (!angry) return content;
    const [first, ...rest] = content;
    const apology = APOLOGY_BEFORE_HANDOFF[bot.settings.locale];
    if (first?.type === 'text') return [{ ...first, text: apology + first.text }, ...rest];
    if (first?.type === 'buttons') return [{ ...first, text: apology + (first.text ?? '') }, ...rest];
    return content;
  }

  /** One message at a time per conversation (in this process, and with the turn lock across instances), so state and replies never interleave. */
  private serial<T>(conversationId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(conversationId) ?? Promise.resolve();
    const turnLock = this.deps.turnLock;
    const exclusive = turnLock ? () => turnLock.hold(conversationId, work) : work;
    const next = previous.then(exclusive, exclusive);
    const settled = next.catch(() => undefined);
    this.queues.set(conversationId, settled);
    void settled.then(() => {
      if (this.queues.get(conversationId) === settled) this.queues.delete(conversationId);
    });
    return next;
  }

  private async customerOf(conversation: Conversation): Promise<Customer> {
    const customer = await this.deps.conversations.getCustomer(conversation.customerId);
    if (!customer) throw new WenduError('WENDU_CONVERSATION_NOT_FOUND', { conversationId: conversation.id });
    return customer;
  }

  /**
   * Load state, run `turn`, then commit its bubbles (as replies to `replyTo`) together with the
   * new state, guarded by the state version (ConversationService.commitTurn). If the state
   * moved on meanwhile — another instance's turn — and that turn already answered `replyTo`,
   * its replies are the answer; otherwise the turn runs again on the fresh state, a few times.
   * (A rerun repeats a flow's `call`; calls are reads, e.g. an order's status.)
   */
  private async withState(conversation: Conversation, turn: (state: DialogState) => Promise<Turn>, replyTo?: number, read?: StoredState<Partial<DialogState>>): Promise<Message[]> {
    const { conversations } = this.deps;
    for (let attempt = 1; ; attempt++) {
      // The state read with the conversation serves the first attempt; a conflict reads it afresh.
      const loaded = attempt === 1 && read ? read : await conversations.loadState<Partial<DialogState>>(conversation.id);
      const result = await turn(restoreDialogState(loaded.state));
      const committed = await conversations.commitTurn(conversation.id, {
        state: result.state,
        expectedVersion: loaded.version,
        replies: result.bubbles.map((bubble) => ({
          sender: 'bot' as const,
          text: contentText(bubble.content),
          content: bubble.content,
          meta: replyTo === undefined ? bubble.meta : { ...bubble.meta, replyTo },
        })),
      });
      if (committed) return committed.messages;
      if (replyTo !== undefined) {
        const answered = await conversations.repliesTo(conversation.id, replyTo);
        if (answered.length > 0) return answered;
      }
      if (attempt >= MAX_TURN_ATTEMPTS) {
        throw new WenduError('WENDU_STATE_CONFLICT', { conversationId: conversation.id, attempts: attempt });
      }
    }
  }

  /** `reply` once the process's turn gate lets this turn in (first come, first served); `started` stops the busy-notice clock. */
  private async replyInTurn(conversation: Conversation, customer: Customer, message: Message, started?: () => void, state?: StoredState<Partial<DialogState>>): Promise<Message[]> {
    const release = await this.deps.turns?.enter();
    started?.();
    try {
      return await this.reply(conversation, customer, message, state);
    } finally {
      release?.();
    }
  }

  /**
   * The bot's replies to a stored customer message. If working them out fails, the customer is
   * told so honestly (with the way to a person) instead of being left waiting in silence.
   */
  private async reply(conversation: Conversation, customer: Customer, message: Message, state?: StoredState<Partial<DialogState>>): Promise<Message[]> {
    try {
      customer = await this.learnFrom(customer, message.text);
      return await this.withState(conversation, (current) => this.respond(message.text, current, conversation, customer), message.seq, state);
    } catch (err) {
      this.deps.log?.error({ err, conversationId: conversation.id, seq: message.seq }, '回复失败，已向顾客致歉 (reply failed; apologised)');
      const text = REPLY_FAILED[this.deps.bot.settings.locale];
      const { message: apology } = await this.deps.conversations.append(conversation.id, {
        sender: 'system',
        text,
        content: [{ type: 'buttons', text, buttons: [{ action: 'reply', label: HANDOFF_LABEL[this.deps.bot.settings.locale], text: '转人工' }] }],
        meta: { replyTo: message.seq, action: 'error', error: err instanceof WenduError ? err.code : 'WENDU_INTERNAL' },
      });
      return [apology];
    }
  }

  /**
   * The profile learned in the conversation: a phone number, e-mail or order number the customer
   * gives is remembered (attributes.learned) for flows, templates and the agent who takes over.
   */
  private async learnFrom(customer: Customer, text: string): Promise<Customer> {
    const learned: Record<string, string> = {};
    for (const entity of extractEntities(text, { now: this.now() })) {
      const key = LEARNED_ENTITIES[entity.type as keyof typeof LEARNED_ENTITIES];
      if (key) learned[key] = String(entity.value);
    }
    return Object.keys(learned).length ? this.deps.conversations.rememberAboutCustomer(customer.id, learned) : customer;
  }

  /** The welcome's most answered entries, counted at most every HOT_ENTRIES_REFRESH_MS. */
  private mostAnswered(): ReturnType<ConversationService['entryAnswerCounts']> {
    const at = this.now().getTime();
    if (!this.hotEntries || at - this.hotEntries.countedAt >= HOT_ENTRIES_REFRESH_MS) {
      const counts = this.deps.conversations.entryAnswerCounts({ limit: HOT_ENTRIES_CONSIDERED });
      // A failed count is not kept: the next welcome counts again.
      counts.catch(() => {
        if (this.hotEntries?.counts === counts) this.hotEntries = null;
      });
      this.hotEntries = { countedAt: at, counts };
    }
    return this.hotEntries.counts;
  }

  private welcome(conversation: Conversation, customer: Customer): Promise<Message[]> {
    return this.withState(conversation, async (state) => {
      const phrase = this.phrase('welcome', state, conversation, customer, this.peopleNow());
      const hot = await this.mostAnswered();
      const suggestions = await this.deps.bot.welcome(hot);
      const bubbles: Bubble[] = [{ content: [...phrase.content, ...this.suggestionBlocks(suggestions)], meta: { action: 'welcome', phrases: [phrase.key] } }];
      let next: DialogState = { ...state, recentPhrases: remember(state.recentPhrases, [phrase.key], RECENT_PHRASES_KEPT) };
      const match = matchTrigger(await this.deps.flows.listPublished(), { conversationStart: true });
      if (match) {
        const started = await this.startFlow(match.flow, next, conversation, customer, '');
        bubbles.push(...started.bubbles);
        next = started.state;
      }
      return { bubbles, state: next };
    });
  }

  private async respond(text: string, state: DialogState, conversation: Conversation, customer: Customer): Promise<Turn> {
    // Before anything answers: a VIP's or keyword's hand-off right after an answer teaches as much as the bot's.
    this.learnFromTurn(text, state, conversation, state.flow ? null : replyToClarification(text, state.previous?.offered ?? []));
    const direct = this.directHandoff(text, customer);
    if (direct) return this.handOverDirectly(direct, text, state, conversation, customer);
    if (state.flow) {
      const flow = await this.deps.flows.get(state.flow.flowId).catch(() => null);
      if (flow && flow.status === 'published') return this.continueFlow(flow, text, state, conversation, customer);
      state = { ...state, flow: null }; // the flow was archived meanwhile: carry on without it
    }
    // 是的 / a tap after 您是想问… answers the entry confirmed; 不是 is a turn that did not help.
    const clarified = replyToClarification(text, state.previous?.offered ?? []);
    if (clarified?.kind === 'reject') {
      // What was rejected is no longer on offer: a later 是的 must not answer it after all.
      const { offered: _rejected, ...previous } = state.previous!;
      return this.notHelped({ ...state, previous }, conversation, customer, text);
    }
    // 不是，我是说换货: the question meant, understood in the same context.
    const corrected = correctionOf(text, state.previous?.question);
    // The entry corrected is ruled out: its question stays as context (不是，我是说换货 swaps a topic into it), the entry does not.
    if (corrected !== null && !clarified) return this.decideAndAnswer(corrected, { ...state, previous: state.previous && correctedTurn(state.previous) }, conversation, customer, {});
    // 不是 / 不对 / 没用 right after an answer: ask again with the other candidates, not repeat it.
    if (state.previous?.entryId && !state.previous.offered && rejectsAnswer(text)) return this.reaskWithoutAnswer(state, conversation, customer, text);
    // 「没用」「不是这个」 after anything else is a failed turn, not a question to match.
    if (state.previous && saysNotHelped(text)) return this.notHelped(state, conversation, customer, text);
    return this.decideAndAnswer(text, state, conversation, customer, clarified?.kind === 'confirm' ? { confirmedEntryId: clarified.entryId } : {});
  }

  /** The bot decides on `text` and answers; a flow may start by keyword or by the entry answered. */
  private async decideAndAnswer(text: string, state: DialogState, conversation: Conversation, customer: Customer, about: { confirmedEntryId?: string }): Promise<Turn> {
    const decision = await this.decide(text, state, conversation, customer, about);
    const flows = await this.deps.flows.listPublished();
    if (decision.action !== 'handoff') {
      // A keyword names a flow outright (查订单); an answered entry may lead into one.
      const byKeyword = matchTrigger(flows, { text });
      if (byKeyword && byKeyword.by === 'keyword') return this.startFlow(byKeyword.flow, this.afterDecision(state, decision, text), conversation, customer, text);
    }
    const turn = await this.answer(decision, state, text, conversation, customer);
    if (decision.action === 'answer' && decision.entryId) {
      const byEntry = matchTrigger(flows, { entryId: decision.entryId });
      if (byEntry) {
        const started = await this.startFlow(byEntry.flow, turn.state, conversation, customer, text);
        return { bubbles: [...turn.bubbles, ...started.bubbles], state: started.state };
      }
    }
    return turn;
  }

  /**
   * The hand-offs decided before the bot (and before a waiting flow): an operator's keyword rule
   * (reason `policy`, to the rule's group), then a VIP's request for a person when the bot's
   * settings say `vipDirect` (top priority). Null when neither applies.
   */
  private directHandoff(text: string, customer: Customer): { rule: string; detail: string; priority?: number; groupId?: string } | null {
    const settings = this.deps.handoffSettings?.();
    if (!settings) return null;
    const folded = foldForKeywords(text);
    for (const rule of settings.keywordRules) {
      const keyword = rule.keywords.find((k) => folded.includes(foldForKeywords(k)));
      if (keyword !== undefined) return { rule: 'handoff.keyword', detail: `关键词「${keyword}」：${text}`, ...(rule.groupId === undefined ? {} : { groupId: rule.groupId }) };
    }
    if (settings.vipDirect && customer.vipLevel >= VIP_MIN_LEVEL) {
      const request = detectHandoffRequest(text);
      if (request.requested) return { rule: 'handoff.vip_request', detail: text, priority: HANDOFF_PRIORITY.vipRequest };
    }
    return null;
  }

  /** Straight to a person: a waiting flow is left, the bot is not asked. */
  private async handOverDirectly(direct: { rule: string; detail: string; priority?: number; groupId?: string }, text: string, state: DialogState, conversation: Conversation, customer: Customer): Promise<Turn> {
    const phrase = this.phrase('handoff', state, conversation, customer);
    const told = await this.handOver(direct.rule, direct.detail, state, conversation, customer, false, { priority: direct.priority, groupId: direct.groupId });
    return {
      bubbles: [{ content: told ?? phrase.content, meta: { action: 'handoff', rule: direct.rule, handoffDetail: direct.detail, phrases: [phrase.key] } }],
      state: {
        ...state,
        flow: null,
        previous: { question: text, entryId: null },
        consecutiveFallbacks: 0,
        handoff: { at: this.now().toISOString(), reason: direct.rule },
        recentPhrases: remember(state.recentPhrases, [phrase.key], RECENT_PHRASES_KEPT),
      },
    };
  }

  /**
   * What this turn teaches about the previous one, kept without waiting: a confirmation (the
   * clarified question means the entry tapped) becomes a pending similar question; a rejection of
   * every candidate (against the top one) or a request for a person right after an answer goes to
   * the unresolved inbox. A turn worked out again after a state conflict records again harmlessly:
   * both count a conversation once.
   */
  private learnFromTurn(text: string, state: DialogState, conversation: Conversation, clarified: ReturnType<typeof replyToClarification>): void {
    const { learning, log } = this.deps;
    const previous = state.previous;
    if (!previous) return;
    if (clarified?.kind === 'reject' && previous.offered?.[0]) return this.keepUnresolved(conversation, previous.question, 'rejected_clarification', previous.offered[0].entryId);
    if (previous.entryId && !previous.offered && detectHandoffRequest(text).requested) return this.keepUnresolved(conversation, previous.question, 'handoff_after_answer', previous.entryId);
    // 不是 / 不对 right after an answer: the answer did not help (a 👎 in words).
    if (previous.entryId && !previous.offered && rejectsAnswer(text)) return this.keepUnresolved(conversation, previous.question, 'thumbs_down', previous.entryId);
    if (clarified?.kind !== 'confirm' || !learning) return;
    const { botId } = this.deps.conversations.scope;
    learning.record({ kind: 'confirmed', entryId: clarified.entryId, botId, conversationId: conversation.id, text: previous.question }).catch((err: unknown) => {
      log?.error({ err, conversationId: conversation.id }, '记录待审核相似问失败 (recording a pending similar question failed)');
    });
  }

  /** Hands a question the bot could not settle to the unresolved inbox, without waiting. */
  private keepUnresolved(conversation: Conversation, text: string, reason: UnresolvedReason, entryId?: string | null): void {
    const { unresolved, log } = this.deps;
    if (!unresolved) return;
    const { botId } = this.deps.conversations.scope;
    unresolved.recordUnresolved({ botId, conversationId: conversation.id, reason, channel: conversation.channel, text, entryId: entryId ?? null }).catch((err: unknown) => {
      log?.error({ err, conversationId: conversation.id }, '记录未解决问题失败 (recording an unresolved question failed)');
    });
  }

  /** The last answer missed: say sorry and ask for more, or — after repeated misses — hand over. */
  private async notHelped(state: DialogState, conversation: Conversation, customer: Customer, text: string): Promise<Turn> {
    const failures = state.consecutiveFallbacks + 1;
    // 「没用」 after an answer is a 👎 in words; a rejected clarification was kept by learnFromTurn.
    if (state.previous && !state.previous.offered && state.previous.entryId && saysNotHelped(text)) this.keepUnresolved(conversation, state.previous.question, 'thumbs_down', state.previous.entryId);
    if (failures >= this.deps.bot.settings.maxConsecutiveFallbacks) {
      const phrase = this.phrase('handoff', state, conversation, customer);
      const told = await this.handOver('handoff.repeated_fallback', text, state, conversation, customer, false);
      return {
        bubbles: [{ content: told ?? phrase.content, meta: { action: 'handoff', rule: 'handoff.repeated_fallback', phrases: [phrase.key] } }],
        state: { ...state, consecutiveFallbacks: 0, handoff: { at: this.now().toISOString(), reason: 'handoff.repeated_fallback' }, recentPhrases: remember(state.recentPhrases, [phrase.key], RECENT_PHRASES_KEPT) },
      };
    }
    const phrase = this.phrase('notHelped', state, conversation, customer);
    return {
      bubbles: [{ content: phrase.content, meta: { action: 'fallback', rule: 'fallback.not_helped', phrases: [phrase.key] } }],
      // The phrase offers a person: a 转吧 next accepts it (context.ts, acceptsHandoffOffer).
      state: { ...state, previous: state.previous && { ...state.previous, handoffOffered: true }, consecutiveFallbacks: failures, recentPhrases: remember(state.recentPhrases, [phrase.key], RECENT_PHRASES_KEPT) },
    };
  }

  /**
   * The customer said the answer just given missed: it is a failed turn (it counts towards the
   * automatic hand-off), and while that is not reached the previous question is asked back with
   * its other candidates; with none left it is the usual 抱歉 and a way to a person.
   */
  private async reaskWithoutAnswer(state: DialogState, conversation: Conversation, customer: Customer, text: string): Promise<Turn> {
    const failures = state.consecutiveFallbacks + 1;
    if (failures >= this.deps.bot.settings.maxConsecutiveFallbacks) return this.notHelped(state, conversation, customer, text);
    const decision = await this.decide(text, state, conversation, customer, { rejectedEntryId: state.previous!.entryId! });
    if (decision.action === 'fallback') return this.notHelped(state, conversation, customer, text);
    const turn = await this.answer(decision, state, text, conversation, customer);
    return decision.action === 'clarify' ? { ...turn, state: { ...turn.state, consecutiveFallbacks: failures } } : turn;
  }

  private decide(text: string, state: DialogState, conversation: Conversation, customer: Customer, about: { confirmedEntryId?: string; rejectedEntryId?: string } = {}): Promise<Decision> {
    return this.deps.bot.decide({
      text,
      ...about,
      channel: conversation.channel,
      customer: { name: customer.name ?? undefined, tags: customer.tags, vipLevel: customer.vipLevel },
      previous: state.previous ?? undefined,
      recentPhrases: state.recentPhrases,
    });
  }

  /** Bookkeeping every decision leaves in the state. */
  private afterDecision(state: DialogState, decision: Decision, text: string): DialogState {
    const answered = decision.entryId ? [decision.entryId] : [];
    return {
      ...state,
      previous: previousTurnOf(decision, text, state.previous ?? undefined),
      recentPhrases: remember(state.recentPhrases, decision.phrases, RECENT_PHRASES_KEPT),
      recentEntries: remember(state.recentEntries, [...answered, ...decision.suggestions.map((s) => s.entryId)], RECENT_ENTRIES_KEPT),
      consecutiveFallbacks: decision.action === 'fallback' ? state.consecutiveFallbacks + 1 : 0,
      handoff: decision.action === 'handoff' ? { at: this.now().toISOString(), reason: decision.trace.rule } : state.handoff,
    };
  }

  private async answer(decision: Decision, state: DialogState, text: string, conversation: Conversation, customer: Customer): Promise<Turn> {
    const { bot } = this.deps;
    let next = this.afterDecision(state, decision, text);
    const meta: MessageMeta = { ...(decision.entryId ? { entryId: decision.entryId } : {}), action: decision.action, decision: recordOf(decision) };
    let content = [...decision.content];
    if (decision.action === 'handoff') {
      content = (await this.handOver(decision.trace.rule, text, state, conversation, customer, decision.trace.rule === 'handoff.angry')) ?? content;
    }
    if (decision.action === 'answer' && decision.entryId) {
      const related = await bot.related({ entryId: decision.entryId, question: text }, new Set(next.recentEntries), decision);
      content.push(...this.suggestionBlocks(related));
      next = { ...next, recentEntries: remember(next.recentEntries, related.map((s) => s.entryId), RECENT_ENTRIES_KEPT) };
    }
    const bubbles: Bubble[] = [{ content, meta }];
    // Every question (or part of one message) the bot had no answer for goes to the inbox.
    const missed = decision.parts.length > 0 ? decision.parts.filter((p) => p.action === 'fallback').map((p) => p.text) : decision.action === 'fallback' ? [text] : [];
    for (const question of missed) this.keepUnresolved(conversation, question, next.consecutiveFallbacks >= bot.settings.maxConsecutiveFallbacks ? 'repeated_misses' : 'fallback');

    if (decision.action === 'fallback' && next.consecutiveFallbacks >= bot.settings.maxConsecutiveFallbacks) {
      // Repeated failure hands over without the customer having to ask.
      const phrase = this.phrase('handoff', next, conversation, null);
      const told = await this.handOver('handoff.repeated_fallback', text, next, conversation, customer, false);
      bubbles.push({ content: told ?? phrase.content, meta: { action: 'handoff', rule: 'handoff.repeated_fallback', phrases: [phrase.key] } });
      next = { ...next, consecutiveFallbacks: 0, handoff: { at: this.now().toISOString(), reason: 'handoff.repeated_fallback' }, recentPhrases: remember(next.recentPhrases, [phrase.key], RECENT_PHRASES_KEPT) };
    }

    const promotion = selectPromotion(bot.settings.promotions, {
      emotion: decision.emotion,
      action: decision.action,
      entryCategory: decision.entryId ? bot.categoryOf(decision.entryId) : null,
      shownCounts: next.promotionsShown,
      now: this.now(),
    });
    if (promotion) {
      bubbles.push({ content: promotion.content, meta: { action: 'promotion', promotionId: promotion.id } });
      next = { ...next, promotionsShown: { ...next.promotionsShown, [promotion.id]: (next.promotionsShown[promotion.id] ?? 0) + 1 } };
    }
    return { bubbles, state: next };
  }

  private async continueFlow(flow: Awaited<ReturnType<FlowService['get']>>, text: string, state: DialogState, conversation: Conversation, customer: Customer): Promise<Turn> {
    const { runner } = this.deps;
    const flowState = state.flow!;
    const check = runner.validateAnswer(flow, flowState, text, this.now());
    // 取消 / 算了 leave the flow even when the knowledge base could "answer" them (怎么取消订单).
    if (!check.valid && check.reason === 'no_match' && !isCancel(text, flow.settings)) {
      // Not an answer to the question asked — maybe a question of its own (topic switch).
      const decision = await this.decide(text, state, conversation, customer);
      if (decision.action === 'answer' && decision.entryId) {
        const answered = await this.answer(decision, state, text, conversation, customer);
        if (flow.settings.onTopicSwitch === 'drop') return { bubbles: answered.bubbles, state: { ...answered.state, flow: null } };
        const again = await runner.reprompt(flow, flowState, this.flowContext(conversation, customer, text));
        return { bubbles: [...answered.bubbles, ...this.flowBubbles(flow.id, again)], state: this.afterFlow(answered.state, again) };
      }
      if (decision.action === 'handoff') return this.answer(decision, { ...state, flow: null }, text, conversation, customer);
    }
    const result = await runner.resume(flow, flowState, { text }, this.flowContext(conversation, customer, text));
    return { bubbles: await this.flowTurnBubbles(flow.id, result, state, conversation, customer, text), state: this.afterFlow(state, result) };
  }

  private async startFlow(flow: Awaited<ReturnType<FlowService['get']>>, state: DialogState, conversation: Conversation, customer: Customer, text: string): Promise<Turn> {
    const result = await this.deps.runner.start(flow, this.flowContext(conversation, customer, text));
    return { bubbles: await this.flowTurnBubbles(flow.id, result, state, conversation, customer, text), state: this.afterFlow(state, result) };
  }

  /** A flow's messages, and — when its `handoff` node ran — what the customer is told about the person. */
  private async flowTurnBubbles(flowId: string, result: StepResult, state: DialogState, conversation: Conversation, customer: Customer, text: string): Promise<Bubble[]> {
    const bubbles = this.flowBubbles(flowId, result);
    if (!result.handoff) return bubbles;
    const told = await this.handOver(`flow:${flowId}`, result.handoff.reason, state, conversation, customer, false);
    return told ? [...bubbles, { content: told, meta: { action: 'handoff', flow: { id: flowId, outcome: result.outcome } } }] : bubbles;
  }

  private afterFlow(state: DialogState, result: StepResult): DialogState {
    return {
      ...state,
      flow: result.state,
      handoff: result.handoff ? { at: this.now().toISOString(), reason: result.handoff.reason } : state.handoff,
    };
  }

  private flowBubbles(flowId: string, result: StepResult): Bubble[] {
    return result.messages.map((content, i) => ({
      content,
      meta: {
        action: result.handoff ? 'handoff' : 'flow',
        flow: { id: flowId, outcome: result.outcome, ...(i === result.messages.length - 1 ? { trace: result.trace } : {}) },
      },
    }));
  }

  private flowContext(conversation: Conversation, customer: Customer, text: string): FlowContext {
    return {
      customer: {
        externalId: customer.externalId,
        name: customer.name ?? undefined,
        tags: customer.tags,
        vipLevel: customer.vipLevel,
        attributes: customer.attributes as FlowContext['customer']['attributes'],
      },
      channel: conversation.channel,
      now: this.now(),
      env: this.deps.env,
      message: text,
    };
  }

  /**
   * Whether the default hand-off group is open now and, when closed, when it opens in words
   * (「明天 9:00」) — what the welcome may say about the people. Null without hand-off settings.
   */
  private peopleNow(): { available: boolean; opensAt: string | null } | null {
    const settings = this.deps.handoffSettings?.();
    if (!settings) return null;
    const group = settings.groups.find((g) => g.id === settings.defaultGroupId) ?? settings.groups[0];
    if (!group) return null;
    const now = this.now();
    const locale = this.deps.bot.settings.locale;
    const availability = groupAvailability(group, now, locale);
    return { available: availability.open, opensAt: availability.opensAt ? opensAtText(availability.opensAt, now, group.timeZone, locale) : null };
  }

  private phrase(key: PhraseKey, state: DialogState, conversation: Conversation, customer: Customer | null, people: { available: boolean; opensAt: string | null } | null = null) {
    const customerVars = customer ? { customer: { name: customer.name ?? undefined, tags: customer.tags, vipLevel: customer.vipLevel } } : {};
    const { locale, botName, greeting } = this.deps.bot.settings;
    return renderPhrase(key, {
      locale,
      persona: { botName, greeting },
      context: {
        channel: conversation.channel,
        customer: customer ? { tags: customer.tags, vipLevel: customer.vipLevel } : null,
        now: this.now(),
        recent: state.recentPhrases,
        ...(people ? { peopleAvailable: people.available } : {}),
      },
      vars: { ...customerVars, ...(people?.opensAt ? { business: { opensAt: people.opensAt } } : {}) },
    });
  }

  /** 猜你想问 as quick replies: one tap sends the question as if typed. */
  private suggestionBlocks(suggestions: readonly Suggestion[]): RichBlock[] {
    if (suggestions.length === 0) return [];
    return [
      {
        type: 'buttons',
        text: SUGGESTIONS_HEADING[this.deps.bot.settings.locale],
        buttons: suggestions.map((s) => ({ action: 'reply' as const, label: s.question.slice(0, SUGGESTION_LABEL_MAX), text: s.question })),
      },
    ];
  }
}

/** Keywords match across case, traditional/simplified and full-width forms (投訴 = 投诉, ＶＩＰ = vip). */
function foldForKeywords(text: string): string {
  return toSimplifiedHalfWidth(text).toLowerCase();
}

/** The decision as recorded with the reply: enough for operators and the learning loop to see why. */
function recordOf(d: Decision) {
  return {
    action: d.action,
    entryId: d.entryId,
    confidence: d.confidence,
    rule: d.trace.rule,
    explanation: d.trace.explanation,
    resolvedQuestion: d.trace.resolvedQuestion,
    emotion: d.emotion,
    entities: d.entities,
    thresholds: d.trace.thresholds,
    candidates: d.trace.candidates.map((c) => ({ entryId: c.entryId, question: c.question, matchedQuestion: c.matchedQuestion, confidence: c.confidence, features: c.features })),
    parts: d.parts.map((p) => ({ text: p.text, action: p.action, entryId: p.entryId, confidence: p.confidence })),
    phrases: d.phrases,
  };
}

/** The previous turn as context for a correction of it: its question still, its entry ruled out. */
function correctedTurn(previous: PreviousTurn): PreviousTurn {
  return { question: previous.question, entryId: null, ...(previous.entryId ? { ruledOut: [previous.entryId] } : {}) };
}
