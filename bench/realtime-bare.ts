/**
 * The yardsticks of `npm run bench -- realtime`, run as a child process like the Wendu server:
 *   socket  — a bare socket.io server on `/customer` that speaks just enough of the customer
 *             protocol (open, send) and answers every message at once, with no storage or matching;
 *   http    — a bare fastify route `POST /api/v1/chat` that returns a fixed reply.
 * Whatever Wendu does per message is the difference between it and these. Prints its address.
 */
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import { Server } from 'socket.io';

const mode = process.argv[2];

async function bareSocket(): Promise<void> {
  const app = Fastify({ logger: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const io = new Server(app.server, { serveClient: false });
  let conversations = 0;
  io.of('/customer').on('connection', (socket) => {
    const conversationId = `bare-${++conversations}`;
    let seq = 0;
    socket.on('conversation:open', (_payload: unknown, ack: (r: unknown) => void) => {
      ack({ ok: true, conversationId, lastSeq: seq, created: true, missed: [] });
    });
    socket.on('message:send', (payload: { text: string }, ack: (r: unknown) => void) => {
      const customerSeq = ++seq;
      ack({ ok: true, seq: customerSeq, duplicate: false });
      socket.emit('message', { conversationId, seq: ++seq, sender: 'bot', text: payload.text, meta: { replyTo: customerSeq } });
    });
  });
  process.stdout.write(`listening http://127.0.0.1:${(app.server.address() as AddressInfo).port}\n`);
}

async function bareHttp(): Promise<void> {
  const app = Fastify({ logger: false });
  app.post('/api/v1/chat', async () => ({ action: 'answer', reply: '您好，已收到。', entryId: null, confidence: 1, suggestions: [] }));
  await app.listen({ host: '127.0.0.1', port: 0 });
  process.stdout.write(`listening http://127.0.0.1:${(app.server.address() as AddressInfo).port}\n`);
}

if (mode === 'socket') await bareSocket();
else if (mode === 'http') await bareHttp();
else {
  process.stderr.write('usage: realtime-bare.ts socket|http\n');
  process.exit(2);
}
