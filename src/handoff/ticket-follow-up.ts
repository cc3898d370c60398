/**
 * A customer who writes again after an agent answered their ticket is not done: their
 * `pending` tickets on that conversation go back to `open` (event `customer_replied` with what
 * they wrote), so the ticket reappears in the agents' open list instead of waiting forever.
 *
 * Driven by the bus (`message.created`), after the message is committed. With several
 * instances each may hear the event; the status guard lets exactly one of them change a ticket.
 */
import type { EventBus, Unsubscribe } from '../events/bus.js';
import type { Database } from '../store/database.js';
import { TicketRepository, ticketsOnConversation } from './ticket-repository.js';
import { customerActor } from './tickets.js';

export async function reopenTicketsOnCustomerMessage(database: Pick<Database, 'db'>, bus: EventBus, now: () => Date = () => new Date()): Promise<Unsubscribe> {
  return bus.subscribe(
    'message.created',
    async ({ payload }) => {
      const { message } = payload;
      const waiting = await ticketsOnConversation(database.db, payload.conversationId, 'pending');
      for (const ticket of waiting) {
        const repo = new TicketRepository(database.db, ticket.workspaceId);
        await repo.transaction((trx) =>
          trx.record(ticket.id, [{ actor: customerActor(payload.customerId), kind: 'customer_replied', text: message.text }], { status: 'open', onlyIf: 'pending' }, now().toISOString()),
        );
      }
    },
    // Customers' messages only, and a left message is its own ticket (meta.ticketId), not a follow-up to an earlier one.
    { only: ({ message }) => message.sender === 'customer' && message.meta.ticketId === undefined },
  );
}
