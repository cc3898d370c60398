/**
 * The hand-off timers that must survive a restart (STYLE.md habit 8): they live in the
 * database — an offer's `expires_at`, an agent's `agent_presence.grace_until` — and one
 * `setInterval` per server sweeps what is due. A server that was down while a timer came due
 * simply finds the row on its first tick.
 *
 * Each tick, in order:
 * 1. due offers → expired, and the hand-off is offered to the next agent (offers.ts);
 * 2. due graces → the agent is offered nothing more (offline) and every conversation they held
 *    goes back to its queue at its original place (`HandoffQueue.releaseAgent`, bot by bot).
 *    An agent connected again (on any instance) only loses the grace;
 * 3. a catch-all dispatch: queued hand-offs nobody is being offered (an agent just came
 *    online, an event lost in a restart) get an offer.
 *
 * Once only with several instances on one PostgreSQL: every step claims its row with a
 * conditional UPDATE from the state it saw (offers also `FOR UPDATE SKIP LOCKED`), so two
 * sweepers never both fire one timer.
 */
import type { Database } from '../store/database.js';
import type { HandoffQueue } from './desk.js';
import type { HandoffOffers } from './offers.js';

/** How often the sweeper looks for due timers: offers and graces are counted in seconds. */
export const HANDOFF_TIMER_INTERVAL_MS = 1000;
/** Due graces one tick executes; the rest wait for the next tick. */
export const GRACE_BATCH = 50;

export interface HandoffTimersOptions {
  database: Database;
  offers: Pick<HandoffOffers, 'expireDue' | 'dispatchWaiting' | 'dispatchWorkspace' | 'close'>;
  /** A bot's desk by id (releasing a gone agent's conversations, bot by bot). */
  deskOfBot: (botId: string) => Promise<Pick<HandoffQueue, 'workspaceId' | 'releaseAgent'>>;
  /** Whether the agent has a socket on any instance (a due grace of someone back only ends). */
  isConnected: (userId: string) => Promise<boolean>;
  log: { info(obj: unknown, msg: string): void; error(obj: unknown, msg: string): void };
  intervalMs?: number;
  now?: () => Date;
}

export interface HandoffTimers {
  /** One sweep now (the interval calls it; tests may too). Sweeps never overlap. */
  tick(): Promise<void>;
  /** Stops the interval and waits for a sweep in progress. Safe to call twice. */
  stop(): Promise<void>;
}

export function startHandoffTimers(options: HandoffTimersOptions): HandoffTimers {
  const { database, offers, log } = options;
  const now = options.now ?? (() => new Date());
  let running: Promise<void> | undefined;
  let stopped = false;

  async function releaseDueGraces(): Promise<void> {
    const at = now().toISOString();
    const due = await database.db.selectFrom('agent_presence').select(['user_id', 'workspace_id', 'grace_until']).where('grace_until', '<=', at).orderBy('grace_until').limit(GRACE_BATCH).execute();
    for (const row of due) {
      const connected = await options.isConnected(row.user_id);
      // The claim: only the sweeper whose UPDATE still sees this very grace goes on.
      const claim = await database.db
        .updateTable('agent_presence')
        .set(connected ? { grace_until: null } : { grace_until: null, status: 'offline', updated_at: at })
        .where('user_id', '=', row.user_id)
        .where('workspace_id', '=', row.workspace_id)
        .where('grace_until', '=', row.grace_until)
        .executeTakeFirst();
      if (connected || Number(claim.numUpdatedRows) !== 1) continue;
      // Nobody is waiting on an answer from someone gone: their open offers go to the next agent.
      await database.db.updateTable('handoff_offers').set({ status: 'withdrawn', decided_at: at }).where('workspace_id', '=', row.workspace_id).where('agent_id', '=', row.user_id).where('status', '=', 'open').execute();
      const bots = await database.db.selectFrom('handoffs').select('bot_id').distinct().where('workspace_id', '=', row.workspace_id).where('agent_id', '=', row.user_id).where('status', '=', 'assigned').execute();
      const released: string[] = [];
      for (const { bot_id } of bots) {
        const desk = await options.deskOfBot(bot_id);
        if (desk.workspaceId === row.workspace_id) released.push(...(await desk.releaseAgent(row.user_id)));
      }
      await offers.dispatchWorkspace(row.workspace_id);
      log.info({ userId: row.user_id, workspaceId: row.workspace_id, released }, '客服断线超过宽限时间，会话已回到队列 (agent gone: conversations requeued)');
    }
  }

  async function sweep(): Promise<void> {
    // Each step on its own: a failing one must not keep the others from running.
    for (const [step, work] of [
      ['offers', () => offers.expireDue()],
      ['graces', releaseDueGraces],
      ['dispatch', () => offers.dispatchWaiting()],
    ] as const) {
      if (stopped) return;
      try {
        await work();
      } catch (err) {
        log.error({ err, step }, '人工转接定时任务失败 (hand-off timer sweep failed)');
      }
    }
  }

  function tick(): Promise<void> {
    running ??= sweep().finally(() => {
      running = undefined;
    });
    return running;
  }

  const interval = setInterval(() => void tick(), options.intervalMs ?? HANDOFF_TIMER_INTERVAL_MS);
  // The sweeper must not keep a stopping process alive.
  interval.unref();

  let stopping: Promise<void> | undefined;
  return {
    tick,
    stop() {
      stopping ??= (async () => {
        stopped = true;
        clearInterval(interval);
        await running;
        await offers.close();
      })();
      return stopping;
    },
  };
}
