/**
 * Which flow, if any, a conversation event starts. Priority, most specific signal first:
 *   1. event    — the embedding site said exactly what happened (`order-page-opened`);
 *   2. entry    — the matcher chose a knowledge entry that a flow is bound to;
 *   3. keyword  — the message contains a trigger keyword; the LONGEST keyword wins, so
 *                 "我的订单到哪了" beats a flow listening for "订单";
 *   4. conversation start — only when nothing else matched.
 * Ties go to the first flow in the list. Flows with a status other than `published` never
 * trigger. Keywords match the normalised text (simplified, half-width, lower-case, no spaces).
 */
import { compact } from './answers.js';
import type { FlowDefinition, FlowStatus } from './schemas.js';

export interface TriggerInput {
  entryId?: string | null;
  text?: string;
  event?: string;
  conversationStart?: boolean;
}

export type TriggerKind = 'event' | 'entry' | 'keyword' | 'conversation_start';

export interface TriggerMatch<F> {
  flow: F;
  by: TriggerKind;
  /** The event, entry id or keyword that matched. */
  detail: string;
}

type Triggerable = Pick<FlowDefinition, 'trigger'> & { status?: FlowStatus };

export function matchTrigger<F extends Triggerable>(flows: readonly F[], input: TriggerInput): TriggerMatch<F> | null {
  const live = flows.filter((f) => f.status === undefined || f.status === 'published');
  if (input.event) {
    const flow = live.find((f) => f.trigger.events?.includes(input.event!));
    if (flow) return { flow, by: 'event', detail: input.event };
  }
  if (input.entryId) {
    const flow = live.find((f) => f.trigger.entryIds?.includes(input.entryId!));
    if (flow) return { flow, by: 'entry', detail: input.entryId };
  }
  const text = input.text ? compact(input.text) : '';
  if (text) {
    let best: TriggerMatch<F> | null = null;
    for (const flow of live) {
      for (const keyword of flow.trigger.keywords ?? []) {
        const k = compact(keyword);
        if (k && text.includes(k) && (!best || k.length > compact(best.detail).length)) best = { flow, by: 'keyword', detail: keyword };
      }
    }
    if (best) return best;
  }
  if (input.conversationStart) {
    const flow = live.find((f) => f.trigger.onConversationStart);
    if (flow) return { flow, by: 'conversation_start', detail: 'conversation_start' };
  }
  return null;
}

/** The flow to start, or null (see the priority above). */
export function findTrigger<F extends Triggerable>(flows: readonly F[], input: TriggerInput): F | null {
  return matchTrigger(flows, input)?.flow ?? null;
}
