/**
 * The hand-off domain's shared vocabulary (issue 7): where a conversation stands with the
 * people behind the bot, and why it was handed over. One list, used by the queue, the agent
 * API, the customer's status, tickets and (later) analytics.
 */
import { z } from 'zod';

/** none: with the bot · queued: waiting for a person · assigned: a person has it · offline: no person now (leave a message) · closed: the person finished. */
export const HANDOFF_STATUSES = ['none', 'queued', 'assigned', 'offline', 'closed'] as const;
export type HandoffStatus = (typeof HANDOFF_STATUSES)[number];

/** Why a conversation went to a person — stored with every hand-off, for analytics. */
export const HANDOFF_REASONS = ['customer_request', 'knowledge_missing', 'repeated_failure', 'emotion', 'policy', 'flow'] as const;
export type HandoffReason = (typeof HANDOFF_REASONS)[number];

/** An agent's availability; only `online` agents are offered conversations. */
export const AGENT_PRESENCES = ['online', 'busy', 'away', 'offline'] as const;
export type AgentPresence = (typeof AGENT_PRESENCES)[number];

/** What the customer is told about their hand-off (GET /api/v1/conversations/:id → `handoff`). */
export interface CustomerHandoffView {
  status: HandoffStatus;
  /** 1 = next; null unless queued. */
  position: number | null;
  estimatedWaitSeconds: number | null;
  /** The assigned agent's display name; null unless assigned. */
  agentName: string | null;
}

/**
 * A bot's hand-off settings (`GET/PUT /api/v1/bot/handoff`, admins): the skill groups with
 * their hours, how topics map to groups, and the limits that decide when a person is promised.
 * The one place the hours live — welcome, hand-off replies and knowledge answers read them here.
 */
const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export const TimeRangeSchema = z.object({ from: z.string().regex(TIME_OF_DAY, '时间格式为 HH:mm'), to: z.string().regex(TIME_OF_DAY, '时间格式为 HH:mm') }).strict();

/** Weekday 1 = Monday … 7 = Sunday (ISO), each with its opening ranges; a missing day is closed. */
export const WeeklyHoursSchema = z.partialRecord(z.enum(['1', '2', '3', '4', '5', '6', '7']), z.array(TimeRangeSchema).max(4));

export const HandoffGroupSchema = z
  .object({
    id: z.string().trim().min(1).max(40),
    name: z.string().trim().min(1).max(40),
    /** `alwaysOpen: true` → 7×24 (the demo); otherwise `weekly` hours. */
    alwaysOpen: z.boolean().default(false),
    weekly: WeeklyHoursSchema.default({}),
    /** Follow the mainland China calendar: closed on public holidays, open on 调休 working days (chinese-days). */
    chineseCalendar: z.boolean().default(true),
    /** Operator-defined closures (a team outing, a store move): dates closed all day. */
    closures: z.array(z.object({ date: z.string().regex(DATE), reason: z.string().max(100).optional() }).strict()).max(366).default([]),
    /** IANA time zone of the hours. */
    timeZone: z.string().default('Asia/Shanghai'),
  })
  .strict();

/** A keyword an operator lists is a few characters of what customers type (投诉, 12315, 律师). */
const MAX_KEYWORD_LENGTH = 40;
const MAX_KEYWORDS_PER_RULE = 50;
const MAX_KEYWORD_RULES = 100;

/**
 * An operator's keyword rule (issue 7): a customer message containing any of the keywords goes
 * straight to a person — before the bot decides, with reason `policy` — routed to `groupId`
 * when given (else the topic routes / default group). Matched case-insensitively, traditional
 * and full-width forms folded (投訴 = 投诉, ＶＩＰ = vip).
 */
export const KeywordRuleSchema = z
  .object({
    keywords: z.array(z.string().trim().min(1).max(MAX_KEYWORD_LENGTH)).min(1).max(MAX_KEYWORDS_PER_RULE),
    groupId: z.string().trim().min(1).max(40).optional(),
  })
  .strict();
export type KeywordRule = z.output<typeof KeywordRuleSchema>;

export const HandoffSettingsSchema = z
  .object({
    groups: z.array(HandoffGroupSchema).min(1).max(50).default([{ id: 'default', name: '人工客服', alwaysOpen: true, weekly: {}, chineseCalendar: true, closures: [], timeZone: 'Asia/Shanghai' }]),
    /** The group a hand-off goes to when no rule picks one. */
    defaultGroupId: z.string().default('default'),
    /** A matched entry's category or tag → group (e.g. 售后 → after-sales). */
    topicRoutes: z.array(z.object({ category: z.string().optional(), tag: z.string().optional(), groupId: z.string() }).strict()).max(200).default([]),
    /** Promise a person only when the estimated wait is at most this; longer → offer to leave a message. */
    maxWaitSeconds: z.number().int().min(30).max(86_400).default(900),
    /** An agent who does not accept an offer in this time is skipped for the next. */
    offerTimeoutSeconds: z.number().int().min(5).max(600).default(60),
    /** An agent who disconnects keeps their conversations this long before they return to the queue. */
    disconnectGraceSeconds: z.number().int().min(5).max(3600).default(120),
    /** Conversations an agent holds at once unless their own limit says otherwise. */
    maxConcurrentPerAgent: z.number().int().min(1).max(50).default(5),
    /** Used for the wait estimate until there is handling history. */
    defaultHandlingSeconds: z.number().int().min(10).max(7200).default(300),
    /** Keywords that send a customer straight to a person (KeywordRuleSchema); checked first, in order. */
    keywordRules: z.array(KeywordRuleSchema).max(MAX_KEYWORD_RULES).default([]),
    /**
     * VIP on request (docs/handoff.md): a VIP customer (vipLevel ≥ 1) who asks for a person is
     * handed over before anything else in the conversation — a form (flow) waiting for an
     * answer, a "did you mean" clarification or the not-helped retry never stands in between —
     * and queued at the top priority (HANDOFF_PRIORITY.vipRequest, the upset customers' level).
     * Without it (false), a VIP's request is handled like anyone's, only queued at VIP priority.
     */
    vipDirect: z.boolean().default(true),
  })
  .strict();

export type HandoffGroup = z.output<typeof HandoffGroupSchema>;
export type HandoffSettings = z.output<typeof HandoffSettingsSchema>;
export const DEFAULT_HANDOFF_SETTINGS: HandoffSettings = HandoffSettingsSchema.parse({});

/** Whether a group takes conversations at `now` (src/handoff/hours.ts decides). */
export interface GroupAvailability {
  open: boolean;
  /** ISO time it opens next when closed (null when always open or unknown). */
  opensAt: string | null;
  /** The hours in words for the customer, e.g. 「每天 9:00–22:00，法定节假日休息」. */
  hoursText: string;
}

/** An agent with no skill groups serves every group; otherwise only the ones listed. */
export function servesGroup(groups: readonly string[] | null, groupId: string): boolean {
  return groups === null || groups.includes(groupId);
}
