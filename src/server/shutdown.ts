/**
 * Graceful shutdown (SIGTERM, deploy/README.md "优雅停机"): what a rolling update or a scale-down
 * asks of an instance, in this order —
 *
 * 1. `/readyz` answers 503 at once (the caller flips its ready flag before calling this), and the
 *    listening socket closes: a load balancer's new connections are refused here and go to the
 *    other instances; idle keep-alive connections are closed.
 * 2. Connected customers' new messages are refused unstored (WENDU_SERVER_DRAINING: the widget
 *    keeps them and resends after reconnecting); the turns already received finish and their
 *    replies reach the customers' sockets here (the bus's `delivered`).
 * 3. The sockets' transports close (not a socket.io DISCONNECT), so clients reconnect by
 *    themselves — to another instance — and resume by seq; HTTP requests in flight finish.
 *
 * All of it within `drainMs` (WENDU_SHUTDOWN_DRAIN_MS); what is still open then is cut. Nothing
 * acknowledged is lost either way: a message is committed before it is acknowledged, and an
 * unanswered one is answered by a peer's recovery sweep or on the next start.
 */
import type { Server as HttpServer } from 'node:http';

/**
 * Longest a graceful shutdown waits for turns and requests in flight. Below the 30 s that
 * Kubernetes and deploy/compose.yaml (`stop_grace_period`) give before SIGKILL, above the
 * demo flows' call timeouts (3 s) and a busy node's turn times.
 */
export const DEFAULT_SHUTDOWN_DRAIN_MS = 20_000;

/**
 * `close()` ends the keep-alive connections idle at that moment only; one whose request finishes
 * later (a probe, a chat request in flight) would stay open until its keep-alive timeout and hold
 * the drain to its deadline. Idle ones are closed again this often until all have ended.
 */
const IDLE_CONNECTION_SWEEP_MS = 100;

export interface DrainOptions {
  httpServer: HttpServer;
  /** Refuses new messages and resolves once the turns in progress are answered and delivered. */
  drainCustomers(): Promise<void>;
  /** Closes every socket's transport (idempotent: the server's close hook calls it too). */
  closeSockets(): Promise<void>;
  drainMs: number;
  log: { info(details: object, message: string): void; warn(details: object, message: string): void };
}

export async function drainServer({ httpServer, drainCustomers, closeSockets, drainMs, log }: DrainOptions): Promise<void> {
  const startedAt = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'deadline'>((resolve) => {
    timer = setTimeout(() => resolve('deadline'), drainMs);
  });
  // Resolves when every connection has ended (also at once when the server never listened).
  const connectionsEnded = new Promise<'ended'>((resolve) => httpServer.close(() => resolve('ended')));
  const turns = await Promise.race([drainCustomers().then(() => 'drained' as const), deadline]);
  await closeSockets();
  const sweep = setInterval(() => httpServer.closeIdleConnections(), IDLE_CONNECTION_SWEEP_MS);
  const requests = await Promise.race([connectionsEnded, deadline]);
  clearInterval(sweep);
  clearTimeout(timer);
  if (turns === 'deadline' || requests === 'deadline') {
    httpServer.closeAllConnections();
    log.warn({ drainMs, turnsDone: turns !== 'deadline', connectionsEnded: requests !== 'deadline' }, '排空超时，仍未完成的连接已断开 (drain time reached; remaining connections cut)');
  }
  log.info({ tookMs: Math.round(performance.now() - startedAt) }, '连接已排空 (connections drained)');
}
