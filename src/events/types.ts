/**
 * Wendu's domain events: one named list (Chatwoot's lib/events/types.rb), each with a typed
 * payload. Payloads are plain JSON (no Dates, no class instances) so every bus — in-process
 * or Redis — delivers exactly what was published.
 */
import type { Message, ReaderRole, Sender } from '../conversation/schemas.js';
import type { Channel } from '../kb/schemas.js';

export const EVENT_NAMES = [
  'conversation.started',
  'message.created',
  'message.read',
  'typing',
  'conversation.state_changed',
  'handoff.requested',
  'handoff.assigned',
  'handoff.transferred',
  'handoff.closed',
  'handoff.requeued',
  'handoff.offered',
  'knowledge.changed',
  'flows.changed',
  'settings.changed',
  'bot.changed',
] as const;
export type EventName = (typeof EVENT_NAMES)[number];

export interface EventPayloads {
  /** A new conversation was created (not on resume). */
  'conversation.started': { conversationId: string; customerId: string; channel: Channel };
  /** A message was committed to the log; published after the commit, never for a duplicate. */
  'message.created': { conversationId: string; customerId: string; message: Message };
  /** A reader's mark moved forward to `lastReadSeq`. */
  'message.read': { conversationId: string; reader: ReaderRole; lastReadSeq: number };
  /** Someone started or stopped typing; not stored. */
  typing: { conversationId: string; sender: Sender; senderId: string | null; typing: boolean };
  /** The dialog engine saved new state (context, flow position) at `version`. */
  'conversation.state_changed': { conversationId: string; version: number };
  /** A conversation asked for a person: queued in `groupId`, or `offline` (nobody can be promised now). */
  'handoff.requested': HandoffEventBase & { status: 'queued' | 'offline'; reason: string; priority: number; position: number | null };
  /** An agent has the conversation (accepted, or transferred straight to them). */
  'handoff.assigned': HandoffEventBase & { agentId: string };
  /** Moved to another group's queue (`toAgentId` null) or to another agent; the note is not in the payload. */
  'handoff.transferred': HandoffEventBase & { fromAgentId: string | null; toAgentId: string | null };
  /** The agent finished; `handlingSeconds` null when nobody had accepted it. */
  'handoff.closed': HandoffEventBase & { agentId: string | null; handlingSeconds: number | null; tags: string[] };
  /** Back in its group's queue at its original place (queued_at kept): its agent left (`agent_disconnected`: the grace period ran out). */
  'handoff.requeued': HandoffEventBase & { fromAgentId: string; why: 'agent_disconnected' };
  /** The desk offers a queued hand-off to one agent (the least loaded online one) until `expiresAt`; others may still take it from the queue. */
  'handoff.offered': HandoffEventBase & { offerId: string; agentId: string; offeredAt: string; expiresAt: string };
  /** A workspace's knowledge (entries, synonyms or user dictionary) was written: every instance rebuilds its index. */
  'knowledge.changed': ChangeEventBase & { change: { kind: 'entries' | 'synonyms' | 'dictionary' | 'lexicon'; ids?: string[] } };
  /** Flows of a workspace were written. */
  'flows.changed': ChangeEventBase & { ids: string[] };
  /** A bot's settings (`bot`: answering thresholds; `handoff`: groups, hours, limits) were saved. */
  'settings.changed': ChangeEventBase & { botId: string; which: 'bot' | 'handoff' };
  /** A bot's record (its sites, its flows' call hosts) changed. */
  'bot.changed': ChangeEventBase & { botId: string };
}

/**
 * What every change event names: the workspace, and which process wrote it (`origin`, random
 * per process), so the writer — which already applied the change — does not apply it twice.
 */
export interface ChangeEventBase {
  origin: string;
  workspaceId: string;
}

/** What every hand-off event names: which hand-off, of which conversation, where. */
export interface HandoffEventBase {
  handoffId: string;
  conversationId: string;
  workspaceId: string;
  botId: string;
  groupId: string;
}

/** What a subscriber receives. */
export interface DomainEvent<N extends EventName = EventName> {
  name: N;
  payload: EventPayloads[N];
  /** ISO time of publishing. */
  occurredAt: string;
}

/** Any event, discriminated by `name` (what a `'*'` subscriber receives). */
export type AnyDomainEvent = { [N in EventName]: DomainEvent<N> }[EventName];

export function isEventName(name: string): name is EventName {
  return (EVENT_NAMES as readonly string[]).includes(name);
}
