/**
 * The condition language of `condition` nodes: a small JSON AST, so a console can edit it
 * without parsing an expression syntax. Evaluation is in conditions.ts.
 */
import { z } from 'zod';
import { checkOperatorPattern } from './operator-regex.js';

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';
export const HHMM_PATTERN = /^([01]\d|2[0-3]):[0-5]\d$/;

/**
 * What a comparison looks at: a slot, a customer field or attribute, the channel, or an
 * `env` variable — the same paths templates use.
 */
export const SUBJECT_PATTERN = /^(slots\.[A-Za-z_]\w*|customer\.(externalId|name|vipLevel|tags)|customer\.attributes\.[\w-]+|channel|env\.[\w-]+)$/;

export const TimeZoneSchema = z.string().refine((zone) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}, '未知的时区（应为 IANA 名称，如 Asia/Shanghai）');

const scalar = z.union([z.string(), z.number(), z.boolean()]);
const hhmm = z.string().regex(HHMM_PATTERN, '时间格式应为 HH:mm');
/** ISO weekday numbers: 1 = Monday … 7 = Sunday. */
const weekDays = z.array(z.number().int().min(1).max(7)).min(1);

export const COMPARE_OPS = ['eq', 'ne', 'in', 'exists', 'gt', 'lt', 'matches'] as const;
export type CompareOp = (typeof COMPARE_OPS)[number];

const CompareSchema = z
  .object({
    kind: z.literal('compare'),
    subject: z.string().regex(SUBJECT_PATTERN, '比较对象应为 slots.x、customer.name/vipLevel/tags/externalId、customer.attributes.x、channel 或 env.x'),
    op: z.enum(COMPARE_OPS),
    value: z.union([scalar, z.array(scalar)]).optional(),
  })
  .superRefine((c, ctx) => {
    const fail = (message: string) => ctx.addIssue({ code: 'custom', path: ['value'], message });
    if (c.op === 'exists') return;
    if (c.value === undefined) return fail(`运算 ${c.op} 需要 value`);
    if (c.op === 'in' && !Array.isArray(c.value)) fail('运算 in 的 value 应为列表');
    if ((c.op === 'gt' || c.op === 'lt') && typeof c.value !== 'number') fail(`运算 ${c.op} 的 value 应为数字`);
    if (c.op === 'matches') {
      if (typeof c.value !== 'string') return fail('运算 matches 的 value 应为正则表达式字符串');
      const checked = checkOperatorPattern(c.value);
      if (!checked.ok) fail(checked.message);
    }
  });

export type Condition =
  | { kind: 'compare'; subject: string; op: CompareOp; value?: string | number | boolean | Array<string | number | boolean> }
  | { kind: 'tag'; tag: string }
  | { kind: 'keyword'; keywords: string[] }
  | { kind: 'time'; from: string; to: string; days?: number[] }
  | { kind: 'days'; days: number[] }
  | { kind: 'businessHours' }
  | { kind: 'all'; conditions: Condition[] }
  | { kind: 'any'; conditions: Condition[] }
  | { kind: 'not'; condition: Condition };

export const ConditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.discriminatedUnion('kind', [
    CompareSchema,
    z.object({ kind: z.literal('tag'), tag: z.string().min(1).max(50) }),
    /** Any of the keywords appears in the customer's last message (normalised). */
    z.object({ kind: z.literal('keyword'), keywords: z.array(z.string().min(1).max(50)).min(1) }),
    /** From–to in the flow's time zone; `from > to` crosses midnight (22:00–06:00). */
    z.object({ kind: z.literal('time'), from: hhmm, to: hhmm, days: weekDays.optional() }),
    z.object({ kind: z.literal('days'), days: weekDays }),
    z.object({ kind: z.literal('businessHours') }),
    z.object({ kind: z.literal('all'), conditions: z.array(ConditionSchema).min(1) }),
    z.object({ kind: z.literal('any'), conditions: z.array(ConditionSchema).min(1) }),
    z.object({ kind: z.literal('not'), condition: ConditionSchema }),
  ]),
);
