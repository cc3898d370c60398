/**
 * Test support: an agent's client on a real socket.io connection to `/agent`, keeping every
 * event it received in order. Not imported by production code.
 */
import { io as connect, type Socket } from 'socket.io-client';
import { TURN_TIMEOUT_MS, type AckResult } from '../web/test-client.js';
import { AGENT_NAMESPACE } from './protocol.js';

export interface ReceivedEvent {
  name: string;
  payload: any;
}

export class TestAgent {
  readonly socket: Socket;
  /** Every server event, in arrival order. */
  readonly received: ReceivedEvent[] = [];

  constructor(url: string, auth: Record<string, unknown> | undefined) {
    this.socket = connect(`${url}${AGENT_NAMESPACE}`, {
      transports: ['websocket'],
      forceNew: true,
      // A refused agent must not keep knocking during a test.
      reconnection: false,
      auth,
    });
    this.socket.onAny((name: string, payload: unknown) => this.received.push({ name, payload }));
  }

  /** Resolves once connected; rejects with the server's refusal (`err.data`) otherwise. */
  connected(): Promise<void> {
    if (this.socket.connected) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.socket.once('connect', () => resolve());
      this.socket.once('connect_error', (err: Error & { data?: unknown }) => reject(err));
    });
  }

  emit<T = { ok: true }>(event: string, payload: unknown): Promise<AckResult<T>> {
    return this.socket.timeout(TURN_TIMEOUT_MS).emitWithAck(event, payload) as Promise<AckResult<T>>;
  }

  /** Payloads of one event name, in arrival order. */
  events(name: string): any[] {
    return this.received.filter((e) => e.name === name).map((e) => e.payload);
  }

  close(): void {
    this.socket.close();
  }
}
