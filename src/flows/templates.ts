/**
 * `{{…}}` placeholders in flow texts, URLs and request bodies: a path lookup, no logic
 * (branches belong in `condition` nodes where the console can show them). Customer-facing
 * blocks go through the shared reply engine; URLs, headers and JSON bodies are rendered here.
 * A bare name (`{{order_no}}`) is a slot; other roots are `slots`, `customer`, `channel`, `env`.
 * Unknown values render as empty text, never as "undefined".
 */
import type { RichBlock } from '../content/rich-content.js';
import { renderBlocks as renderReplyBlocks, type TemplateVars } from '../reply/templates.js';
import type { JsonValue } from './schemas.js';
import type { FlowContext, FlowState } from './types.js';

export interface TemplateScope {
  slots: Record<string, JsonValue>;
  customer: FlowContext['customer'];
  channel: string;
  env: Record<string, string>;
}

const PLACEHOLDER = /\{\{\s*([A-Za-z_][\w-]*(?:\.[\w-]+|\[\d+\])*)\s*\}\}/g;
const WHOLE_PLACEHOLDER = /^\{\{\s*([A-Za-z_][\w-]*(?:\.[\w-]+|\[\d+\])*)\s*\}\}$/;
const ROOTS = new Set(['slots', 'customer', 'channel', 'env']);

export function scopeOf(state: Pick<FlowState, 'slots'>, ctx: FlowContext): TemplateScope {
  return { slots: state.slots, customer: ctx.customer, channel: ctx.channel, env: ctx.env ?? {} };
}

/** Reads `a.b[0].c` from a JSON-like value; undefined when any step is missing. */
export function readPath(root: unknown, path: string): unknown {
  const steps = path.replace(/^\$\.?/, '').match(/[^.[\]]+/g) ?? [];
  let value = root;
  for (const step of steps) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[step];
  }
  return value;
}

export function lookup(scope: TemplateScope, path: string): unknown {
  const root = path.split(/[.[]/, 1)[0];
  return ROOTS.has(root) ? readPath(scope, path) : readPath(scope.slots, path);
}

function asText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.map(asText).join('、');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Replaces each placeholder by its value as text; `encode` escapes values (used in URLs). */
export function renderTemplate(template: string, scope: TemplateScope, encode: (value: string, path: string) => string = (v) => v): string {
  return template.replace(PLACEHOLDER, (_m, path: string) => encode(asText(lookup(scope, path)), path));
}

/**
 * Renders a JSON body: strings are templates; a string that is exactly one placeholder keeps
 * the value's own type (a list of photo links stays a list, a skipped slot becomes null).
 */
export function renderJson(value: JsonValue, scope: TemplateScope): JsonValue {
  if (typeof value === 'string') {
    const whole = WHOLE_PLACEHOLDER.exec(value);
    if (whole) return (lookup(scope, whole[1]) as JsonValue | undefined) ?? null;
    return renderTemplate(value, scope);
  }
  if (Array.isArray(value)) return value.map((v) => renderJson(v, scope));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renderJson(v, scope)]));
  }
  return value;
}

/**
 * The variables the reply template engine (src/reply/templates.ts) sees: slots both at the top
 * level (`{{order_no}}`) and under `slots`; the named roots win over a slot of the same name.
 */
export function replyVars(scope: TemplateScope): TemplateVars {
  return { ...scope.slots, slots: scope.slots, customer: scope.customer, channel: scope.channel, env: scope.env } as unknown as TemplateVars;
}

/**
 * Renders what a customer reads with the shared reply engine, so flow messages and knowledge
 * replies treat values alike (plain text, sanitised, defaults with `{{x|默认}}`, never a raw
 * placeholder). URLs and bodies of `call` nodes use `renderTemplate` / `renderJson` above,
 * which keep `env` base URLs unencoded and JSON types intact.
 */
export function renderBlocks(blocks: readonly RichBlock[], scope: TemplateScope): RichBlock[] {
  return renderReplyBlocks(blocks, replyVars(scope));
}
