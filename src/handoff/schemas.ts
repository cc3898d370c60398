/**
 * What the agent API accepts, validated with parseOrThrow (src/errors/validation.ts).
 */
import { z } from 'zod';
import { MAX_MESSAGE_TEXT_LENGTH, MAX_TAG_LENGTH } from '../conversation/schemas.js';
import { FromSuggestionSchema } from './assist-feedback.js';
import { AGENT_VIEWS } from './board.js';
import { AGENT_PRESENCES, HandoffSettingsSchema } from './types.js';

/** An internal note is a few sentences for a colleague, not a report. */
export const MAX_NOTE_LENGTH = 1000;
/** Tags an agent puts on a closed conversation (退款, 物流延误 …). */
export const MAX_CLOSE_TAGS = 20;

/** Same bounds as the settings' maxConcurrentPerAgent. */
const MaxConcurrentSchema = HandoffSettingsSchema.shape.maxConcurrentPerAgent.unwrap();

/** Group ids are short names (types.ts HandoffGroupSchema); an agent serves a handful at most. */
const MAX_GROUP_ID_LENGTH = 40;
const MAX_AGENT_GROUPS = 50;

/** The skill groups an agent serves (group ids of the hand-off settings); null → every group. */
const AgentGroupsSchema = z.array(z.string().trim().min(1).max(MAX_GROUP_ID_LENGTH)).max(MAX_AGENT_GROUPS).nullable();

export const PresenceBodySchema = z
  .object({
    status: z.enum(AGENT_PRESENCES),
    /** The agent's own limit; null goes back to the bot's default; absent keeps it. */
    maxConcurrent: MaxConcurrentSchema.nullable().optional(),
    /** Absent keeps them. */
    groups: AgentGroupsSchema.optional(),
  })
  .strict();

/** An admin sets which skill groups a person serves (`PUT /api/v1/users/:id/skills`). */
export const SkillsBodySchema = z.object({ groups: AgentGroupsSchema }).strict();

export const AgentListQuerySchema = z.object({ view: z.enum(AGENT_VIEWS).default('queue') });

export const ConversationParamsSchema = z.object({ id: z.string().min(1).max(100) });

export const AgentMessageSchema = z.object({ text: z.string().trim().min(1).max(MAX_MESSAGE_TEXT_LENGTH) }).strict();
/** An agent's message to the customer; `fromSuggestion` when it started from an assist suggestion (recorded for the learning loop). */
export const AgentSendBodySchema = AgentMessageSchema.extend({ fromSuggestion: FromSuggestionSchema.optional() }).strict();

/** `POST …/:id/read`: the agent has read up to this message. */
export const ReadBodySchema = z.object({ seq: z.number().int().min(0) }).strict();

const Note = z.string().trim().max(MAX_NOTE_LENGTH).default('');
export const TransferBodySchema = z.union([
  z.object({ agentId: z.string().min(1).max(100), note: Note }).strict(),
  z.object({ groupId: z.string().min(1).max(40), note: Note }).strict(),
]);

export const CloseBodySchema = z
  .object({ tags: z.array(z.string().trim().min(1).max(MAX_TAG_LENGTH)).max(MAX_CLOSE_TAGS).default([]) })
  .strict();
