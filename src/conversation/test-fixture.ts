/**
 * Test support for conversation suites: a real database (one of TEST_BACKENDS), a real
 * in-process bus recording every event, and a clock that moves one second per reading so
 * timestamps differ and are predictable. Not imported by production code.
 */
import { DEFAULT_BOT_ID, DEFAULT_WORKSPACE_ID } from '../auth/access.js';
import { ALL_EVENTS } from '../events/bus.js';
import { MemoryEventBus } from '../events/memory-bus.js';
import type { AnyDomainEvent } from '../events/types.js';
import type { TestBackend, TestDatabase } from '../store/testing.js';
import { ConversationService } from './service.js';

/** The migrated default workspace and bot, where pre-workspace data lives. */
export const TEST_SCOPE = { workspaceId: DEFAULT_WORKSPACE_ID, botId: DEFAULT_BOT_ID };

export const CLOCK_START = Date.parse('2026-03-08T09:00:00.000Z');
const CLOCK_STEP_MS = 1000;
/** For vi.waitFor on events whose handlers query the database (vitest's default is 1 s; a busy PostgreSQL can be slower). */
export const EVENT_WAIT = { timeout: 10_000, interval: 10 };

export interface ConversationFixture {
  database: TestDatabase;
  bus: MemoryEventBus;
  service: ConversationService;
  /** Every event published so far, in order. */
  events: AnyDomainEvent[];
  dispose(): Promise<void>;
}

export async function openConversationFixture(backend: TestBackend): Promise<ConversationFixture> {
  const database = await backend.open();
  const bus = new MemoryEventBus({ onHandlerError: (err) => {
    throw err;
  } });
  const events: AnyDomainEvent[] = [];
  await bus.subscribe(ALL_EVENTS, (e) => {
    events.push(e);
  });
  let tick = 0;
  const service = new ConversationService(database, bus, TEST_SCOPE, () => new Date(CLOCK_START + CLOCK_STEP_MS * tick++));
  return {
    database,
    bus,
    service,
    events,
    async dispose() {
      await bus.close();
      await database.dispose();
    },
  };
}
