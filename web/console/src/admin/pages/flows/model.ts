/**
 * The flow definition as the console edits it (docs/flows.md; the server's schema in
 * src/flows/schemas.ts is the authority — the editor keeps unknown fields as they are and lets
 * `POST /api/v1/flows/validate` judge), plus the graph helpers the editor and the drawing share.
 */

export interface RichBlock {
  type: string;
  text?: string;
  url?: string;
  title?: string;
  alt?: string;
  buttons?: Array<{ action: string; label: string; text?: string; url?: string }>;
  [field: string]: unknown;
}

export interface ChoiceOption {
  value: string;
  label: string;
  synonyms?: string[];
}

export type AnswerRule =
  | { kind: 'entity'; entity: string }
  | { kind: 'regex'; pattern: string; all?: boolean }
  | { kind: 'choice'; options: ChoiceOption[] }
  | { kind: 'any' };

/** One step; every kind's fields are optional here so a half-edited step is still representable. */
export interface FlowStep {
  kind: StepKind;
  content?: RichBlock[];
  prompt?: RichBlock[];
  reprompt?: RichBlock[];
  next?: string;
  slot?: string;
  validate?: AnswerRule;
  maxRetries?: number;
  onFail?: string;
  optional?: boolean;
  branches?: Array<{ when: unknown; next: string }>;
  else?: string;
  method?: string;
  url?: string;
  headers?: Record<string, string>;
  body?: unknown;
  timeoutMs?: number;
  saveAs?: Record<string, string>;
  onStatus?: Record<string, string>;
  onError?: string;
  slots?: Record<string, string>;
  reason?: string;
  target?: string;
  [field: string]: unknown;
}

export const STEP_KINDS = ['message', 'ask', 'condition', 'call', 'set', 'handoff', 'end', 'goto'] as const;
export type StepKind = (typeof STEP_KINDS)[number];
export const ENTITY_TYPES = ['order_number', 'phone', 'email', 'date', 'amount'] as const;
export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export const FLOW_STATUSES = ['published', 'draft', 'archived'] as const;
export type FlowStatus = (typeof FLOW_STATUSES)[number];

export interface FlowTrigger {
  entryIds?: string[];
  keywords?: string[];
  onConversationStart?: boolean;
  events?: string[];
}

export interface FlowDefinition {
  id: string;
  name: string;
  description?: string;
  status?: FlowStatus;
  trigger: FlowTrigger;
  start: string;
  nodes: Record<string, FlowStep>;
  settings?: Record<string, unknown>;
}

/** A stored flow: the definition plus what the server keeps about it. */
export interface StoredFlow extends FlowDefinition {
  status: FlowStatus;
  version: number;
  createdAt: string;
  updatedAt: string;
  updatedBy: string;
}

export interface FlowVersion {
  flowId: string;
  version: number;
  snapshot: FlowDefinition;
  change: string;
  changedBy: string;
  changedAt: string;
}

export interface FlowIssue {
  path: string;
  message: string;
  code: string;
}

/** The definition without what the server adds (what PUT and validate take). */
export function definitionOf(flow: StoredFlow): FlowDefinition {
  const { version: _version, createdAt: _createdAt, updatedAt: _updatedAt, updatedBy: _updatedBy, ...definition } = flow;
  return definition;
}

/** Where a step can lead, each with the field that names the target (as the server's nodeTargets). */
export interface StepLink {
  field: string;
  target: string;
  /** The condition of a branch, for the edge's label. */
  when?: unknown;
}

export function stepLinks(step: FlowStep): StepLink[] {
  const links: StepLink[] = [];
  const add = (field: string, target: unknown, when?: unknown) => {
    if (typeof target === 'string' && target !== '') links.push(when === undefined ? { field, target } : { field, target, when });
  };
  add('next', step.next);
  add('onFail', step.onFail);
  (step.branches ?? []).forEach((branch, i) => add(`branches.${i}.next`, branch?.next, branch?.when));
  add('else', step.else);
  add('onError', step.onError);
  for (const [status, target] of Object.entries(step.onStatus ?? {})) add(`onStatus.${status}`, target);
  add('target', step.target);
  return links;
}

/**
 * The issues of each step (`nodes.<id>…`), and the rest (name, trigger, start…) under ''.
 * Paths come from the server: `nodes.ask_order.next`, `nodes.forgotten`.
 */
export function issuesByStep(issues: readonly FlowIssue[]): Map<string, FlowIssue[]> {
  const byStep = new Map<string, FlowIssue[]>();
  for (const issue of issues) {
    const match = /^nodes\.([^.]+)/.exec(issue.path);
    const key = match ? match[1] : '';
    byStep.set(key, [...(byStep.get(key) ?? []), issue]);
  }
  return byStep;
}

/** The words a condition summary uses, in the screen's language (the caller's `t`). */
export interface ConditionWords {
  exists: string;
  businessHours: string;
  days: string;
  and: string;
  or: string;
  not: string;
}

/** A short summary of a branch condition for an edge label: `status = 运输中`, `#VIP`, `营业时间`. */
export function describeCondition(when: unknown, words: ConditionWords): string {
  if (!when || typeof when !== 'object') return '?';
  const c = when as Record<string, unknown>;
  const OPS: Record<string, string> = { eq: '=', ne: '≠', in: '∈', gt: '>', lt: '<', matches: '~', exists: words.exists };
  switch (c.kind) {
    case 'compare': {
      const subject = String(c.subject ?? '').replace(/^slots\./, '');
      const value = c.op === 'exists' ? '' : ` ${Array.isArray(c.value) ? c.value.join('/') : String(c.value ?? '')}`;
      return `${subject} ${OPS[String(c.op)] ?? String(c.op)}${value}`;
    }
    case 'tag':
      return `#${String(c.tag)}`;
    case 'keyword':
      return `“${(c.keywords as string[] | undefined)?.join('/') ?? ''}”`;
    case 'time':
      return `${String(c.from)}–${String(c.to)}`;
    case 'days':
      return `${words.days} ${(c.days as number[] | undefined)?.join(',') ?? ''}`;
    case 'businessHours':
      return words.businessHours;
    case 'not':
      return `${words.not} (${describeCondition(c.condition, words)})`;
    case 'all':
    case 'any':
      return ((c.conditions as unknown[] | undefined) ?? []).map((x) => describeCondition(x, words)).join(c.kind === 'all' ? ` ${words.and} ` : ` ${words.or} `);
    default:
      return String(c.kind ?? '?');
  }
}

/** The plain text of some blocks (for labels and the step list). */
export function blocksText(blocks: readonly RichBlock[] | undefined): string {
  return (blocks ?? []).map((b) => b.text ?? b.title ?? b.url ?? '').filter(Boolean).join(' ');
}

/**
 * A fresh step of a kind, with the fields the server requires filled where a default makes
 * sense; `sample` is the placeholder text the operator then replaces (in the screen's language).
 */
export function newStep(kind: StepKind, next: string, sample: string): FlowStep {
  const text = (t: string): RichBlock[] => [{ type: 'text', text: t }];
  switch (kind) {
    case 'message':
      return { kind, content: text(sample), next };
    case 'ask':
      return { kind, slot: 'answer', prompt: text(sample), validate: { kind: 'any' }, next };
    case 'condition':
      return { kind, branches: [{ when: { kind: 'compare', subject: 'slots.answer', op: 'eq', value: '' }, next }], else: next };
    case 'call':
      return { kind, method: 'GET', url: 'https://', next };
    case 'set':
      return { kind, slots: {}, next };
    case 'handoff':
      return { kind, reason: 'flow_handoff' };
    case 'end':
      return { kind, content: text(sample) };
    case 'goto':
      return { kind, target: next };
  }
}
