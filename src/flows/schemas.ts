/**
 * Flow definitions: the JSON an operator writes (or the console edits) for a guided,
 * multi-turn conversation. Shapes only; the graph checks (unknown targets, unreachable nodes,
 * missing start) live in validate.ts, conditions in conditions.ts.
 */
import { z } from 'zod';
import { RichBlockSchema } from '../content/rich-content.js';
import { sanitizeBlocks } from '../content/sanitize.js';
import { ENTRY_ID_PATTERN } from '../kb/schemas.js';
import { checkOperatorPattern, MAX_OPERATOR_PATTERN_CHARS } from './operator-regex.js';
import { ConditionSchema, DEFAULT_TIME_ZONE, HHMM_PATTERN, TimeZoneSchema } from './condition-schema.js';

/** Flow ids follow knowledge entry ids, so both can appear side by side in URLs and logs. */
export const FLOW_ID_PATTERN = ENTRY_ID_PATTERN;
export const NODE_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
/** Slot names are template variables (`{{slots.order_no}}`), hence identifier-like. */
export const SLOT_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/** A customer who types nonsense this many times after the first prompt goes to onFail. */
export const DEFAULT_MAX_RETRIES = 2;
/** A node entered more often than this in one run of a flow is a loop; see onLoopExceeded. */
export const DEFAULT_MAX_VISITS_PER_NODE = 3;
/** A company system slower than this is treated as down (the customer is waiting). */
export const DEFAULT_CALL_TIMEOUT_MS = 5000;
/** Nobody waits longer than this for an answer in a chat. */
export const MAX_CALL_TIMEOUT_MS = 30_000;
export const DEFAULT_CANCEL_WORDS = ['取消', '算了', '不用了', '不要了', '退出'];
/** Words that skip an optional question (e.g. "photos? — 没有"). */
export const DEFAULT_SKIP_WORDS = ['跳过', '没有', '不需要', '无'];
/** The demo shop's human service hours (demo/knowledge.json `shop-service-hours`): every day 9:00–22:00. */
export const DEFAULT_BUSINESS_HOURS = { days: [1, 2, 3, 4, 5, 6, 7], open: '09:00', close: '22:00' };

const nodeId = z.string().regex(NODE_ID_PATTERN, '节点 id 只能包含字母、数字、_ 和 -，最长 64 位');
/** Names JavaScript objects reserve; a slot called `__proto__` would rewrite the slots' prototype. */
const RESERVED_SLOT_NAMES = new Set(['__proto__', 'constructor', 'prototype']);
const slotName = z
  .string()
  .regex(SLOT_NAME_PATTERN, '变量名只能包含字母、数字和 _，且不能以数字开头')
  .refine((name) => !RESERVED_SLOT_NAMES.has(name), '变量名不能是 __proto__、constructor 或 prototype');
/** A slot's name, for other shapes that carry slots (a test run's state). */
export const SlotNameSchema = slotName;
/** Operator-written content: validated, sanitised (src/content/sanitize.ts), validated again. */
const blocks = z
  .array(RichBlockSchema)
  .min(1, '内容不能为空')
  .transform((b) => sanitizeBlocks(b))
  .pipe(z.array(RichBlockSchema).min(1, '内容清洗后为空（只有 HTML 标记？）'));
const weekDays = z.array(z.number().int().min(1).max(7)).min(1);

export const ENTITY_TYPES = ['order_number', 'phone', 'email', 'date', 'amount'] as const;

export const ChoiceOptionSchema = z.object({
  value: z.string().min(1).max(100),
  label: z.string().min(1).max(40),
  synonyms: z.array(z.string().min(1).max(100)).max(50).optional(),
});
export type ChoiceOption = z.infer<typeof ChoiceOptionSchema>;

/** Checked on the linear-time engine the runner uses (operator-regex.ts), with its reason. */
const regexPattern = z
  .string()
  .min(1)
  .max(MAX_OPERATOR_PATTERN_CHARS)
  .superRefine((p, ctx) => {
    const checked = checkOperatorPattern(p);
    if (!checked.ok) ctx.addIssue({ code: 'custom', message: checked.message });
  });

export const AnswerRuleSchema = z.discriminatedUnion('kind', [
  /** `all: true` keeps every match (e.g. several photo links) as a list. */
  z.object({ kind: z.literal('regex'), pattern: regexPattern, all: z.boolean().optional() }),
  z.object({ kind: z.literal('entity'), entity: z.enum(ENTITY_TYPES) }),
  z.object({ kind: z.literal('choice'), options: z.array(ChoiceOptionSchema).min(1).max(20) }),
  z.object({ kind: z.literal('any') }),
]);
export type AnswerRule = z.infer<typeof AnswerRuleSchema>;

const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
/** A dotted path into the JSON response: `status`, `data.items[0].name`, `$.trackingNo`. */
const jsonPath = z.string().min(1).max(200).regex(/^(\$\.?)?[\w-]+(\[\d+\]|\.[\w-]+)*$|^\$$/, 'JSON 路径格式应为 a.b[0].c');
const JsonValueSchema: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(JsonValueSchema), z.record(z.string(), JsonValueSchema)]),
);
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export const MessageNodeSchema = z.object({ kind: z.literal('message'), content: blocks, next: nodeId });
export const AskNodeSchema = z.object({
  kind: z.literal('ask'),
  slot: slotName,
  prompt: blocks,
  validate: AnswerRuleSchema,
  maxRetries: z.number().int().min(0).max(10).default(DEFAULT_MAX_RETRIES),
  /** Said before the prompt is repeated; a built-in apology when absent. */
  reprompt: blocks.optional(),
  /** Where to go after the last failed retry; a polite hand-off when absent. */
  onFail: nodeId.optional(),
  next: nodeId,
  /** The customer may skip with a skip word; the slot is then null. */
  optional: z.boolean().default(false),
});
export const ConditionNodeSchema = z.object({
  kind: z.literal('condition'),
  branches: z.array(z.object({ when: ConditionSchema, next: nodeId })).min(1),
  else: nodeId,
});
export const CallNodeSchema = z.object({
  kind: z.literal('call'),
  method: z.enum(HTTP_METHODS).default('GET'),
  /** Templated; must render to an http(s) URL whose host is on the runner's allow-list. */
  url: z.string().min(1).max(2000),
  headers: z.record(z.string().regex(/^[A-Za-z0-9-]+$/), z.string().max(2000)).default({}),
  /** Templated JSON: a string that is exactly `{{x}}` keeps x's type (list, number…). */
  body: JsonValueSchema.optional(),
  timeoutMs: z.number().int().min(1).max(MAX_CALL_TIMEOUT_MS).default(DEFAULT_CALL_TIMEOUT_MS),
  saveAs: z.record(slotName, jsonPath).default({}),
  /** Branches by HTTP status (e.g. `{"404": "not_found"}`) before the generic onError. */
  onStatus: z.record(z.string().regex(/^[1-5]\d\d$/, 'HTTP 状态码应为三位数字'), nodeId).default({}),
  next: nodeId,
  /** Timeouts, network errors and unexpected statuses; a polite hand-off when absent. */
  onError: nodeId.optional(),
});
export const SetNodeSchema = z.object({ kind: z.literal('set'), slots: z.record(slotName, z.string().max(2000)), next: nodeId });
export const HandoffNodeSchema = z.object({ kind: z.literal('handoff'), reason: z.string().min(1).max(200), content: blocks.optional() });
export const EndNodeSchema = z.object({ kind: z.literal('end'), content: blocks.optional() });
export const GotoNodeSchema = z.object({ kind: z.literal('goto'), target: nodeId });

export const FlowNodeSchema = z.discriminatedUnion('kind', [
  MessageNodeSchema,
  AskNodeSchema,
  ConditionNodeSchema,
  CallNodeSchema,
  SetNodeSchema,
  HandoffNodeSchema,
  EndNodeSchema,
  GotoNodeSchema,
]);
export type FlowNode = z.output<typeof FlowNodeSchema>;
export type FlowNodeKind = FlowNode['kind'];
export type AskNode = z.output<typeof AskNodeSchema>;
export type CallNode = z.output<typeof CallNodeSchema>;

export const FlowTriggerSchema = z.object({
  /** Knowledge entries whose match starts this flow instead of answering. */
  entryIds: z.array(z.string().regex(ENTRY_ID_PATTERN)).max(100).optional(),
  keywords: z.array(z.string().trim().min(1).max(50)).max(100).optional(),
  onConversationStart: z.boolean().optional(),
  /** Events sent by the embedding site (e.g. `order-page-opened`). */
  events: z.array(z.string().min(1).max(100)).max(50).optional(),
});
export type FlowTrigger = z.infer<typeof FlowTriggerSchema>;

export const FlowSettingsSchema = z.object({
  maxVisitsPerNode: z.number().int().min(1).max(100).default(DEFAULT_MAX_VISITS_PER_NODE),
  onLoopExceeded: z.enum(['handoff', 'end']).default('handoff'),
  /** What the engine does with the flow after answering an unrelated question. */
  onTopicSwitch: z.enum(['resume', 'drop']).default('resume'),
  cancelWords: z.array(z.string().trim().min(1).max(20)).max(50).default(DEFAULT_CANCEL_WORDS),
  skipWords: z.array(z.string().trim().min(1).max(20)).max(50).default(DEFAULT_SKIP_WORDS),
  /** IANA zone for time windows, days of week and business hours. */
  timeZone: TimeZoneSchema.default(DEFAULT_TIME_ZONE),
  businessHours: z
    .object({ days: weekDays, open: z.string().regex(HHMM_PATTERN), close: z.string().regex(HHMM_PATTERN) })
    .default(DEFAULT_BUSINESS_HOURS),
});
export type FlowSettings = z.output<typeof FlowSettingsSchema>;

export const FLOW_STATUSES = ['draft', 'published', 'archived'] as const;
export type FlowStatus = (typeof FLOW_STATUSES)[number];

/** The shape of a flow; `parseFlowDefinition` (validate.ts) adds the graph checks. */
export const FlowDefinitionSchema = z.object({
  id: z.string().regex(FLOW_ID_PATTERN, 'id 只能包含字母、数字和 _ . : -，最长 64 位'),
  name: z.string().trim().min(1, '名称不能为空').max(100),
  description: z.string().max(1000).optional(),
  trigger: FlowTriggerSchema.default({}),
  start: nodeId,
  nodes: z.record(nodeId, FlowNodeSchema).refine((n) => Object.keys(n).length > 0, '流程至少需要一个节点'),
  settings: FlowSettingsSchema.default(FlowSettingsSchema.parse({})),
});
export type FlowDefinitionInput = z.input<typeof FlowDefinitionSchema>;
export type FlowDefinition = z.output<typeof FlowDefinitionSchema>;

/** What the API accepts: a definition plus its publication status. */
export const FlowInputSchema = FlowDefinitionSchema.extend({ status: z.enum(FLOW_STATUSES).default('published') });
export type FlowInput = z.input<typeof FlowInputSchema>;
export type FlowFields = z.output<typeof FlowInputSchema>;

/** A stored flow at its current version. */
export interface Flow extends FlowFields {
  version: number;
  createdAt: string;
  updatedAt: string;
  updatedBy: string;
}

export interface FlowVersion {
  flowId: string;
  version: number;
  snapshot: FlowFields;
  /** created | updated | archived | restored */
  change: string;
  changedBy: string;
  changedAt: string;
}
