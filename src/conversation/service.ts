/**
 * ConversationService: customers, conversations and the append-only message log. Every
 * message is committed before `append` resolves and gets the next per-conversation seq; a
 * repeated client message id returns the stored message instead of writing a second one.
 * Events go on the bus only after the commit, so a subscriber can always read what it hears.
 */
import type { z } from 'zod';
import { WenduError } from '../errors/index.js';
import { parseOrThrow, validationError } from '../errors/validation.js';
import type { EventBus } from '../events/bus.js';
import type { Database } from '../store/database.js';
import { ANONYMOUS_EXTERNAL_ID_PREFIX, newAnonymousExternalId, newConversationId, newCustomerId, newMessageId } from './ids.js';
import { ConversationRepository, type ConversationScope, type UnansweredMessage } from './repository.js';
import { isUniqueViolation } from '../store/errors.js';
import {
  AppendMessageSchema,
  ConversationChannelSchema,
  CustomerProfileSchema,
  DEFAULT_MESSAGES_PAGE_SIZE,
  MAX_MESSAGE_TEXT_LENGTH,
  MAX_ATTRIBUTES_BYTES,
  MAX_MESSAGES_PAGE_SIZE,
  MAX_META_BYTES,
  MAX_STATE_BYTES,
  META_TOO_LARGE_MESSAGE,
  READER_ROLES,
  type AppendMessageInput,
  type AppendResult,
  type Conversation,
  type ConversationChannel,
  type Customer,
  type CustomerProfileInput,
  type EntryAnswerCount,
  type ServedCandidate,
  type Message,
  type ReaderRole,
} from './schemas.js';

type ParsedAppend = z.output<typeof AppendMessageSchema>;

/** Most entries `entryAnswerCounts` returns, whatever the caller asks. */
export const MAX_ENTRY_COUNTS = 100;

/** The dialog engine's state as stored, with the version commitTurn guards it by. */
export interface StoredState<T> {
  state: T | null;
  version: number;
}

export interface StartConversationInput {
  channel: ConversationChannel;
  customer: Customer;
  /** Resume this conversation (it must belong to `customer`); absent → a new one. */
  conversationId?: string;
}

/** Stands in for an absent external id while the rest of a profile is validated. */
const ANONYMOUS_PLACEHOLDER_ID = `${ANONYMOUS_EXTERNAL_ID_PREFIX}placeholder`;

function validation(details: unknown): WenduError {
  return new WenduError('WENDU_VALIDATION', details);
}

function assertSeq(value: number, field: string): void {
  if (!Number.isSafeInteger(value) || value < 0) throw validation({ field, reason: '必须是非负整数' });
}

export class ConversationService {
  private readonly repo: ConversationRepository;

  constructor(
    database: Database,
    private readonly bus: EventBus,
    /** The workspace and bot whose customers and conversations this service sees. */
    readonly scope: ConversationScope,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.repo = new ConversationRepository(database.db, scope, database.writeTransaction);
  }

  /**
   * Creates or updates a customer by external id. Only a verified (signed) profile may set
   * what earns special treatment — tags, VIP level, attributes — or touch a customer the site
   * has vouched for; an unverified visitor keeps only a name and channel, so nobody can make
   * themselves VIP or take over a logged-in customer by typing their id (docs/customer-profile.md).
   */
  async upsertCustomer(input: CustomerProfileInput, { verified }: { verified: boolean }): Promise<Customer> {
    if (verified && !input.externalId) throw validation({ field: 'externalId', reason: '签名的客户资料必须包含 externalId' });
    // The profile as sent must be valid before any of it is trusted or dropped: an object where a
    // value belongs (`{ "$regex": ".*" }`) is refused, never silently ignored.
    parseOrThrow(CustomerProfileSchema, { ...input, externalId: input.externalId ?? ANONYMOUS_PLACEHOLDER_ID });
    const externalId = verified ? input.externalId : await this.anonymousResumeKey(input.externalId);
    const profile = parseOrThrow(CustomerProfileSchema, { ...input, externalId: externalId ?? newAnonymousExternalId() });
    const trusted = verified ? profile : { externalId: profile.externalId, name: profile.name, channel: profile.channel };
    try {
      return await this.writeCustomer(trusted, verified);
    } catch (err) {
      // Two first visits of the same customer at once: the other insert won, update that row.
      if (isUniqueViolation(err)) return this.writeCustomer(trusted, verified);
      throw err;
    }
  }

  /**
   * The external id an UNSIGNED open may come back as: only one Wendu itself handed to an
   * anonymous visitor (`anon-` + ~99 random bits, known to nobody else) and still unverified.
   * Any other id a page names — the shop's own user id, which anyone can guess or read — is
   * ignored and the visitor starts as a new anonymous customer: they keep chatting, but never
   * get that customer's id, conversations, name or tags.
   */
  private async anonymousResumeKey(externalId: string | undefined): Promise<string | undefined> {
    if (typeof externalId !== 'string' || !externalId.startsWith(ANONYMOUS_EXTERNAL_ID_PREFIX)) return undefined;
    const existing = await this.repo.findCustomerByExternalId(externalId);
    return existing && !existing.verified ? existing.externalId : undefined;
  }

  private async writeCustomer(profile: CustomerProfileInput & { externalId: string }, verified: boolean): Promise<Customer> {
    const at = this.now().toISOString();
    const existing = await this.repo.findCustomerByExternalId(profile.externalId);
    if (!existing) {
      const customer: Customer = {
        id: newCustomerId(),
        externalId: profile.externalId,
        name: profile.name ?? null,
        tags: profile.tags ?? [],
        vipLevel: profile.vipLevel ?? 0,
        channel: profile.channel ?? null,
        attributes: profile.attributes ?? {},
        verified,
        createdAt: at,
        updatedAt: at,
      };
      await this.repo.insertCustomer(customer);
      return customer;
    }
    if (existing.verified && !verified) throw new WenduError('WENDU_FORBIDDEN', { reason: '该客户身份需要签名验证' });
    const customer: Customer = {
      ...existing,
      name: profile.name ?? existing.name,
      tags: profile.tags ?? existing.tags,
      vipLevel: profile.vipLevel ?? existing.vipLevel,
      channel: profile.channel ?? existing.channel,
      // What the customer told the bot (`learned`) survives a new profile from the site.
      attributes: profile.attributes ? { ...profile.attributes, ...learnedOf(existing) } : existing.attributes,
      verified: existing.verified || verified,
      updatedAt: at,
    };
    await this.repo.updateCustomer(customer);
    return customer;
  }

  /**
   * Facts the customer told the bot in the conversation (phone, e-mail, order number), kept
   * under `attributes.learned`, apart from what the embedding site vouched for.
   */
  async rememberAboutCustomer(customerId: string, learned: Record<string, string>): Promise<Customer> {
    const existing = await this.repo.findCustomer(customerId);
    if (!existing) throw new WenduError('WENDU_CONVERSATION_NOT_FOUND', { customerId });
    const previous = (existing.attributes.learned ?? {}) as Record<string, unknown>;
    const attributes = { ...existing.attributes, learned: { ...previous, ...learned } };
    if (Buffer.byteLength(JSON.stringify(attributes)) > MAX_ATTRIBUTES_BYTES) return existing;
    const customer: Customer = { ...existing, attributes, updatedAt: this.now().toISOString() };
    await this.repo.updateCustomer(customer);
    return customer;
  }

  async getCustomer(id: string): Promise<Customer | undefined> {
    return this.repo.findCustomer(id);
  }

  /** Resumes `conversationId` when it belongs to the customer, otherwise starts a new conversation. */
  async start({ channel, customer, conversationId }: StartConversationInput): Promise<Conversation> {
    if (conversationId !== undefined) {
      const existing = await this.repo.findConversation(conversationId);
      if (!existing) throw new WenduError('WENDU_CONVERSATION_NOT_FOUND', { conversationId });
      if (existing.customerId !== customer.id) throw new WenduError('WENDU_FORBIDDEN', { conversationId });
      return existing;
    }
    const conversationChannel = parseOrThrow(ConversationChannelSchema, channel);
    const at = this.now().toISOString();
    const conversation: Conversation = {
      id: newConversationId(),
      customerId: customer.id,
      channel: conversationChannel,
      status: 'open',
      lastSeq: 0,
      stateVersion: 0,
      createdAt: at,
      updatedAt: at,
    };
    await this.repo.insertConversation(conversation);
    await this.bus.publish('conversation.started', { conversationId: conversation.id, customerId: customer.id, channel: conversation.channel });
    return conversation;
  }

  async get(id: string): Promise<Conversation> {
    const conversation = await this.repo.findConversation(id);
    if (!conversation) throw new WenduError('WENDU_CONVERSATION_NOT_FOUND', { conversationId: id });
    return conversation;
  }

  /**
   * The conversation with its dialog state, read together: a customer's turn needs both, and
   * one read is one statement less per message. The state is as of this read — commitTurn's
   * version guard refuses it if another turn moved on meanwhile.
   */
  async getWithState<T>(id: string): Promise<{ conversation: Conversation; state: StoredState<T> }> {
    const found = await this.repo.findConversationWithState(id);
    if (!found) throw new WenduError('WENDU_CONVERSATION_NOT_FOUND', { conversationId: id });
    const { conversation, state } = found;
    return { conversation, state: { state: state === null ? null : (JSON.parse(state) as T), version: conversation.stateVersion } };
  }

  async append(conversationId: string, input: AppendMessageInput): Promise<AppendResult> {
    if ([...(input.text ?? '')].length > MAX_MESSAGE_TEXT_LENGTH) {
      throw new WenduError('WENDU_MESSAGE_TOO_LONG', { maxLength: MAX_MESSAGE_TEXT_LENGTH });
    }
    const { sender, senderId, clientMessageId, text, content, meta } = parseOrThrow(AppendMessageSchema, input);
    const metaText = serialisedMeta(meta);
    if (text.trim() === '' && content.length === 0) throw new WenduError('WENDU_MESSAGE_EMPTY');

    // A retry usually arrives long after the original: answer it without taking the write lock.
    if (clientMessageId) {
      const earlier = await this.repo.findByClientMessageId(conversationId, clientMessageId);
      if (earlier) return { message: earlier, duplicate: true };
    }
    const at = this.now().toISOString();
    let stored: { message: Message; customerId: string };
    try {
      stored = await this.repo.transaction(async (repo) => {
        const allocated = await repo.allocateSeq(conversationId, at);
        if (allocated === undefined) throw new WenduError('WENDU_CONVERSATION_NOT_FOUND', { conversationId });
        // A parallel twin that committed meanwhile makes this insert break the unique
        // (conversation, client message id) key: the transaction, and the seq it took, roll back.
        const created = newMessage(conversationId, allocated.seq, { sender, senderId, clientMessageId, text, content, meta }, at);
        await repo.insertMessage(created, metaText);
        return { message: created, customerId: allocated.customerId };
      });
    } catch (err) {
      if (clientMessageId && isUniqueViolation(err)) {
        const twin = await this.repo.findByClientMessageId(conversationId, clientMessageId);
        if (twin) return { message: twin, duplicate: true };
      }
      throw err;
    }
    const { message, customerId } = stored;
    await this.bus.publish('message.created', { conversationId, customerId, message });
    return { message, duplicate: false };
  }

  /** Messages with seq > afterSeq, oldest first; at most `limit` (capped at MAX_MESSAGES_PAGE_SIZE). */
  async messagesAfter(conversationId: string, afterSeq: number, limit = DEFAULT_MESSAGES_PAGE_SIZE): Promise<Message[]> {
    assertSeq(afterSeq, 'after');
    if (!Number.isSafeInteger(limit) || limit < 1) throw validation({ field: 'limit', reason: '必须是正整数' });
    return this.repo.messagesAfter(conversationId, afterSeq, Math.min(limit, MAX_MESSAGES_PAGE_SIZE));
  }

  /** The bot / agent / system messages that answered customer message `customerSeq` (meta.replyTo). */
  async repliesTo(conversationId: string, customerSeq: number): Promise<Message[]> {
    assertSeq(customerSeq, 'customerSeq');
    return this.repo.repliesTo(conversationId, customerSeq);
  }

  /** Moves `reader`'s read mark to `seq` (never backwards); returns the mark after the call. */
  async markRead(conversationId: string, reader: ReaderRole, seq: number): Promise<number> {
    if (!READER_ROLES.includes(reader)) throw validation({ field: 'reader', allowed: READER_ROLES });
    assertSeq(seq, 'seq');
    const conversation = await this.get(conversationId);
    if (seq > conversation.lastSeq) throw validation({ field: 'seq', reason: '不能标记尚未发送的消息为已读', lastSeq: conversation.lastSeq });
    const advanced = await this.repo.advanceRead(conversationId, reader, seq, this.now().toISOString());
    if (advanced === undefined) return this.repo.lastRead(conversationId, reader);
    await this.bus.publish('message.read', { conversationId, reader, lastReadSeq: advanced });
    return advanced;
  }

  /** `reader`'s read mark; 0 when they have read nothing. */
  async lastRead(conversationId: string, reader: ReaderRole): Promise<number> {
    return this.repo.lastRead(conversationId, reader);
  }

  /** The dialog engine's state and its version (0 and null before the first save). */
  async loadState<T>(conversationId: string): Promise<StoredState<T>> {
    const row = await this.repo.loadState(conversationId);
    if (!row) throw new WenduError('WENDU_CONVERSATION_NOT_FOUND', { conversationId });
    return { state: row.state === null ? null : (JSON.parse(row.state) as T), version: row.version };
  }

  /** Saves state if it is still at `expectedVersion` (else WENDU_STATE_CONFLICT); returns the new version. */
  async saveState(conversationId: string, state: unknown, expectedVersion: number): Promise<number> {
    assertSeq(expectedVersion, 'expectedVersion');
    const text = JSON.stringify(state);
    if (text === undefined) throw validation({ field: 'state', reason: '状态必须能序列化为 JSON' });
    if (Buffer.byteLength(text, 'utf8') > MAX_STATE_BYTES) throw validation({ field: 'state', maxBytes: MAX_STATE_BYTES });
    const saved = await this.repo.compareAndSetState(conversationId, text, expectedVersion, this.now().toISOString());
    if (!saved) {
      const current = await this.repo.loadState(conversationId);
      if (!current) throw new WenduError('WENDU_CONVERSATION_NOT_FOUND', { conversationId });
      throw new WenduError('WENDU_STATE_CONFLICT', { conversationId, expectedVersion, currentVersion: current.version });
    }
    const version = expectedVersion + 1;
    await this.bus.publish('conversation.state_changed', { conversationId, version });
    return version;
  }

  /**
   * A turn's outcome committed at once: the dialog state (if still at `expectedVersion`) and
   * the replies, in ONE transaction. Returns undefined — and writes nothing — when the state
   * moved on meanwhile (another instance answered, or another message's turn finished first),
   * so two instances can never both store replies to one message: the state row's version is
   * the guard, and on PostgreSQL the loser's UPDATE waits for the winner's commit, then misses.
   */
  async commitTurn(
    conversationId: string,
    turn: { state: unknown; expectedVersion: number; replies: AppendMessageInput[] },
  ): Promise<{ messages: Message[]; version: number } | undefined> {
    assertSeq(turn.expectedVersion, 'expectedVersion');
    const stateText = JSON.stringify(turn.state);
    if (stateText === undefined) throw validation({ field: 'state', reason: '状态必须能序列化为 JSON' });
    if (Buffer.byteLength(stateText, 'utf8') > MAX_STATE_BYTES) throw validation({ field: 'state', maxBytes: MAX_STATE_BYTES });
    const replies = turn.replies.map((input) => parseOrThrow(AppendMessageSchema, input));
    const metaTexts = replies.map((reply) => serialisedMeta(reply.meta));
    const at = this.now().toISOString();
    const committed = await this.repo.transaction(async (repo) => {
      const allocated = await repo.commitStateAndAllocate(conversationId, stateText, turn.expectedVersion, replies.length, at);
      if (!allocated) return undefined;
      const firstSeq = allocated.lastSeq - replies.length + 1;
      const messages = replies.map((reply, i) => newMessage(conversationId, firstSeq + i, reply, at));
      for (const [i, message] of messages.entries()) await repo.insertMessage(message, metaTexts[i]);
      return { messages, customerId: allocated.customerId };
    });
    if (!committed) return undefined;
    for (const message of committed.messages) {
      await this.bus.publish('message.created', { conversationId, customerId: committed.customerId, message });
    }
    const version = turn.expectedVersion + 1;
    await this.bus.publish('conversation.state_changed', { conversationId, version });
    return { messages: committed.messages, version };
  }

  /**
   * Customer messages left without an answer: the newest message of an open conversation is
   * the customer's, no bot / agent / system message replies to it, and it was written at or
   * after `since`. What a crash between storing a message and replying leaves behind.
   */
  async unansweredCustomerMessages({ since, limit }: { since: string; limit: number }): Promise<UnansweredMessage[]> {
    if (Number.isNaN(Date.parse(since))) throw validation({ field: 'since', reason: '必须是 ISO 时间' });
    if (!Number.isSafeInteger(limit) || limit < 1) throw validation({ field: 'limit', reason: '必须是正整数' });
    return this.repo.unansweredCustomerMessages(new Date(since).toISOString(), limit);
  }

  /**
   * The bot's newest `limit` decisions as ranked (each reply's recorded candidates, best first), newest
   * first: the traffic its self-calibration estimates the customers' prior from (docs/confidence.md).
   */
  async servedRankings({ limit }: { limit: number }): Promise<ServedCandidate[][]> {
    if (!Number.isSafeInteger(limit) || limit < 1) throw validation({ field: 'limit', reason: '必须是正整数' });
    return this.repo.servedRankings(limit);
  }

  /** How often each knowledge entry was answered by the bot (most first), e.g. for 热门问题. */
  async entryAnswerCounts({ since, limit }: { since?: string; limit: number }): Promise<EntryAnswerCount[]> {
    if (!Number.isSafeInteger(limit) || limit < 1) throw validation({ field: 'limit', reason: '必须是正整数' });
    if (since !== undefined && Number.isNaN(Date.parse(since))) throw validation({ field: 'since', reason: '必须是 ISO 时间' });
    const sinceIso = since === undefined ? undefined : new Date(since).toISOString();
    return this.repo.entryAnswerCounts(sinceIso, Math.min(limit, MAX_ENTRY_COUNTS));
  }
}

/**
 * A message's meta as its row stores it, refused over MAX_META_BYTES: serialised once for the
 * size check and the row (a bot reply's meta carries the whole decision record).
 */
function serialisedMeta(meta: ParsedAppend['meta']): string {
  const text = JSON.stringify(meta ?? {});
  if (Buffer.byteLength(text, 'utf8') > MAX_META_BYTES) throw validationError('meta', META_TOO_LARGE_MESSAGE);
  return text;
}

/** A validated message as stored, at its seq. */
function newMessage(conversationId: string, seq: number, input: ParsedAppend, at: string): Message {
  return {
    id: newMessageId(),
    conversationId,
    seq,
    sender: input.sender,
    senderId: input.senderId ?? null,
    clientMessageId: input.clientMessageId ?? null,
    text: input.text,
    content: input.content,
    meta: input.meta ?? {},
    createdAt: at,
  };
}

function learnedOf(customer: Customer): Record<string, unknown> {
  return customer.attributes.learned === undefined ? {} : { learned: customer.attributes.learned };
}
