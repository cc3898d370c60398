/**
 * The server's one socket.io Server, on fastify's HTTP server. Every realtime channel adds its
 * namespace to it — customers `/customer` (web/socket.ts), agents `/agent` (agent/socket.ts) —
 * so there is one engine, one upgrade handler and one place that closes the transports.
 */
import type { Server as HttpServer } from 'node:http';
import { Server, type ServerOptions } from 'socket.io';

export interface SocketServerOptions {
  /**
   * Which sites may long-poll from a browser (browser-security's per-bot policy for the widget);
   * default: none but this server's own pages. Agents authenticate with a token, not cookies,
   * so a foreign site gains nothing by reaching `/agent`.
   */
  cors?: ServerOptions['cors'];
  /** Largest socket.io packet accepted (the HTTP body limit). */
  maxPayloadBytes: number;
  /**
   * Several instances: the Redis streams adapter (docs/realtime.md), so rooms and
   * `fetchSockets` span instances — an agent connected to A is seen as connected by B's
   * timers. Messages still reach sockets through the event bus and `namespace.local`.
   */
  adapter?: ServerOptions['adapter'];
}

export function createSocketServer(httpServer: HttpServer, options: SocketServerOptions): Server {
  return new Server(httpServer, {
    // The widget bundles its own client. No cookies are used; who may connect is each namespace's call.
    serveClient: false,
    cors: options.cors ?? { origin: false },
    maxHttpBufferSize: options.maxPayloadBytes,
    ...(options.adapter ? { adapter: options.adapter } : {}),
  });
}
