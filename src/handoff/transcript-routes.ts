/**
 * `GET /api/v1/agent/conversations/:id` — what an agent sees on taking a conversation: the
 * whole transcript (the bot's part included), where the hand-off stands, and the customer —
 * what their site vouched for (signed) kept apart from what they told the bot (learned).
 * Who may read which conversation is the caller's resolver to decide (src/server/app.ts).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Conversation, Customer, Message } from '../conversation/schemas.js';
import { parseOrThrow } from '../errors/validation.js';
import { ConversationParamsSchema } from './schemas.js';
import type { CustomerHandoffView } from './types.js';

export interface Transcript {
  conversation: Conversation;
  customer: Customer | undefined;
  handoff: CustomerHandoffView;
  messages: Message[];
}

export async function transcriptRoutes(app: FastifyInstance, opts: { transcriptOf: (request: FastifyRequest, id: string) => Promise<Transcript> }): Promise<void> {
  app.get('/api/v1/agent/conversations/:id', { config: { access: 'agent' } }, async (request) => {
    const { id } = parseOrThrow(ConversationParamsSchema, request.params);
    const { conversation, customer, handoff, messages } = await opts.transcriptOf(request, id);
    const { learned, ...signed } = (customer?.attributes ?? {}) as Record<string, unknown>;
    return {
      conversation,
      handoff,
      customer: customer && {
        id: customer.id,
        name: customer.name,
        verified: customer.verified,
        tags: customer.tags,
        vipLevel: customer.vipLevel,
        // Vouched for by the site only when the profile came signed; what the customer said is apart.
        attributes: customer.verified ? signed : {},
        learned: learned ?? {},
      },
      messages,
    };
  });
}
