/**
 * Tickets and ratings: what a customer may leave, what an agent sees, and the limits every
 * input is checked against. A ticket is a message the customer left when no person could take
 * the conversation (outside hours, nobody online, a wait too long); it has a status, an owner
 * and a history, and its answers go back into the conversation it came from.
 */
import { z } from 'zod';
import { MAX_CLIENT_MESSAGE_ID_LENGTH, MAX_MESSAGE_TEXT_LENGTH } from '../conversation/schemas.js';
import { WenduError } from '../errors/index.js';

/** open: nobody answered yet · pending: answered, waiting for the customer · closed: done. */
export const TICKET_STATUSES = ['open', 'pending', 'closed'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/** `customer_replied`: the customer wrote again after an answer, so the ticket is open again. */
export const TICKET_EVENT_KINDS = ['created', 'replied', 'assigned', 'closed', 'customer_replied'] as const;
export type TicketEventKind = (typeof TICKET_EVENT_KINDS)[number];

export const CONTACT_KINDS = ['phone', 'email', 'wechat'] as const;
export type ContactKind = (typeof CONTACT_KINDS)[number];

/**
 * A left message is one problem told in a few sentences; 1000 characters hold a long
 * complaint with order numbers, and stay well within one conversation message (5000).
 */
export const MAX_LEFT_MESSAGE_LENGTH = 1000;
/** An agent's answer goes into the conversation as one message, so the message limit applies. */
export const MAX_TICKET_REPLY_LENGTH = MAX_MESSAGE_TEXT_LENGTH;
/** A closing note is for colleagues (why it was closed), not a second answer. */
export const MAX_CLOSE_NOTE_LENGTH = 500;
/** What a contact field may hold before it is even looked at (an e-mail address is at most 254). */
export const MAX_CONTACT_INPUT_LENGTH = 254;
/** Tickets per page of `GET /api/v1/tickets` unless asked otherwise, and the most at once. */
export const DEFAULT_TICKETS_PAGE_SIZE = 50;
export const MAX_TICKETS_PAGE_SIZE = 200;

/** The customer's side of a ticket: `POST /api/v1/conversations/:id/leave-message`. */
export const LeaveMessageSchema = z.object({
  contact: z.string().max(MAX_CONTACT_INPUT_LENGTH),
  text: z.string(),
  /** Optional, like a message's: a retry with the same id returns the same ticket instead of a second one. */
  clientMessageId: z.string().trim().min(1).max(MAX_CLIENT_MESSAGE_ID_LENGTH).optional(),
});
export type LeaveMessageInput = z.infer<typeof LeaveMessageSchema>;

export const TicketReplySchema = z.object({ text: z.string() });
export const TicketAssignSchema = z.object({ ownerId: z.string().trim().min(1).max(64) });
export const TicketCloseSchema = z.object({ note: z.string().trim().max(MAX_CLOSE_NOTE_LENGTH).optional() });

export const TicketListQuerySchema = z.object({
  status: z.enum(TICKET_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_TICKETS_PAGE_SIZE).default(DEFAULT_TICKETS_PAGE_SIZE),
  /** `none`: nobody's yet; otherwise a user id (routes turn `me` into the caller's). */
  owner: z.string().min(1).max(64).optional(),
  /** A ticket id from the previous page's `nextBefore`: only older tickets follow. */
  before: z.string().min(1).max(64).optional(),
});
export type TicketListQuery = z.input<typeof TicketListQuerySchema>;
/** `owner=none` in a ticket list query: tickets nobody has taken. */
export const UNOWNED = 'none';

export interface Ticket {
  id: string;
  botId: string;
  conversationId: string;
  customerId: string;
  contact: string;
  contactKind: ContactKind;
  text: string;
  clientMessageId: string | null;
  status: TicketStatus;
  ownerId: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface TicketEvent {
  seq: number;
  /** `customer:<id>` for the customer, Principal.actor (`user:<email>`) for agents. */
  actor: string;
  kind: TicketEventKind;
  text: string | null;
  at: string;
}

export interface TicketWithHistory extends Ticket {
  events: TicketEvent[];
}

export interface TicketPage {
  tickets: Ticket[];
  /** Pass as `before` for the next (older) page; null on the last page. */
  nextBefore: string | null;
}

/** Who acts on a ticket from the agent side: the user's id (owner, message sender) and their audit name. */
export interface TicketAgent {
  id: string;
  actor: string;
  /** Agents may only take tickets themselves; supervisors and admins assign them to anyone of the workspace. */
  mayAssignOthers?: boolean;
}

// ---- contacts -------------------------------------------------------------------------------

/**
 * Labels customers type before the contact itself: 「微信：abc_123」「手机号 138…」「email: …」.
 * Stripped before the contact is recognised, so the way people really write is accepted.
 */
const CONTACT_LABEL = /^(?:我的)?(?:微信号?|vx|wx|wechat|weixin|手机号?码?|电话号?码?|联系电话|tel|phone|mobile|邮箱|电邮|e-?mail|mail)\s*[:：]?\s*/i;
/** Mainland mobile (1[3-9] + 9 digits), with or without +86 / 0086 / 86. */
const MAINLAND_MOBILE = /^(?:\+?86|0086)?(1[3-9]\d{9})$/;
/**
 * A landline with area code, optionally an extension (转 / ext / #). Area codes starting 01 / 02
 * (北京 010, 上海 021 …) have three digits, all others four (深圳 0755), which splits digits typed
 * without separators the same way a person reads them.
 */
const LANDLINE = /^(0[12]\d|0[3-9]\d{2})(\d{7,8})(?:(?:转|ext|#)(\d{1,6}))?$/i;
/** International numbers in E.164 (+852 …, +1 …): a plus, then 8–15 digits. */
const INTERNATIONAL = /^\+[1-9]\d{7,14}$/;
/** Deliberately simple: one @, a dot in the domain, no spaces. Deliverability is the mail server's call. */
const EMAIL = /^[^\s@]{1,64}@[^\s@]+\.[^\s@.]{2,}$/;
/** WeChat's own rule for ids: 6–20 characters, starting with a letter; letters, digits, _ and -. */
const WECHAT_ID = /^[a-zA-Z][a-zA-Z0-9_-]{5,19}$/;
/** Separators people put inside phone numbers: spaces, dashes, dots, parentheses. */
const PHONE_SEPARATORS = /[\s\-–—.()（）]/g;

export interface Contact {
  kind: ContactKind;
  /** As stored and shown to agents: digits without separators, a lower-cased e-mail, the WeChat id as typed. */
  value: string;
}

/**
 * Recognises a phone number, e-mail address or WeChat id as customers type them: trimmed,
 * full-width characters folded (IME input: １３８…, ＠), a leading label removed. Anything else
 * is WENDU_CONTACT_INVALID — an answer nobody can deliver is worse than being asked again.
 */
export function parseContact(input: string): Contact {
  const folded = input.normalize('NFKC').trim();
  const unlabelled = folded.replace(CONTACT_LABEL, '').trim();
  const phone = unlabelled.replace(PHONE_SEPARATORS, '');
  const mobile = MAINLAND_MOBILE.exec(phone);
  if (mobile) return { kind: 'phone', value: mobile[1] };
  const landline = LANDLINE.exec(phone);
  if (landline) return { kind: 'phone', value: landline[3] ? `${landline[1]}-${landline[2]}-${landline[3]}` : `${landline[1]}-${landline[2]}` };
  if (INTERNATIONAL.test(phone)) return { kind: 'phone', value: phone };
  if (EMAIL.test(unlabelled)) return { kind: 'email', value: unlabelled.toLowerCase() };
  if (WECHAT_ID.test(unlabelled)) return { kind: 'wechat', value: unlabelled };
  throw new WenduError('WENDU_CONTACT_INVALID', { issues: [{ path: 'contact', message: '应为手机号、邮箱或微信号', code: 'contact' }] });
}

/** A free text a person will read (left message, reply): trimmed, not empty, within `maxLength` characters. */
export function checkedText(text: string, maxLength: number): string {
  const trimmed = text.trim();
  if (trimmed === '') throw new WenduError('WENDU_MESSAGE_EMPTY');
  if ([...trimmed].length > maxLength) throw new WenduError('WENDU_MESSAGE_TOO_LONG', { maxLength });
  return trimmed;
}
