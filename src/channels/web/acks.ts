/**
 * Socket acknowledgements: one error shape (the HTTP one, without the status), a once-only ack,
 * and the waiters that let `message:send` acknowledge as soon as the customer's message is
 * committed — heard on the bus — instead of after the bot has finished replying.
 */
import type { Socket } from 'socket.io';
import { acceptPayload } from '../../content/forbidden-characters.js';
import { ERRORS, type ErrorCode } from '../../errors/index.js';
import type { Message } from '../../conversation/schemas.js';
import { mapError, type MessageLanguage } from '../../server/error-handler.js';
import type { AckError } from './protocol.js';

const SERVER_ERROR_MIN = 500;

export interface AckLog {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export function errorAck(code: ErrorCode, language: MessageLanguage, details: unknown = null): AckError {
  return { ok: false, error: { code, message: ERRORS[code][language], details: details ?? null } };
}

/** Any thrown value as an ack; unexpected errors are logged and become WENDU_INTERNAL (never echoed). */
export function ackForError(err: unknown, language: MessageLanguage, log: AckLog, context: object): AckError {
  const mapped = mapError(err);
  if (!mapped) {
    log.error({ err, ...context }, 'unexpected socket error');
    return errorAck('WENDU_INTERNAL', language);
  }
  if (ERRORS[mapped.code].status >= SERVER_ERROR_MIN) log.error({ err, ...context }, mapped.code);
  else log.info({ code: mapped.code, ...context }, 'socket request refused');
  return errorAck(mapped.code, language, mapped.details);
}

export type Ack = (response: unknown) => void;

/** Calls `ack` at most once (a client that sent no callback gets nothing). Returns whether this call answered. */
export function onceAck(ack: Ack | undefined): { send(response: unknown): boolean; readonly sent: boolean } {
  let sent = false;
  return {
    send(response) {
      if (sent) return false;
      sent = true;
      ack?.(response);
      return true;
    },
    get sent() {
      return sent;
    },
  };
}

export interface AckedHandlerContext {
  log: AckLog;
  /** The language of the socket's error messages. */
  language: (socket: Socket) => MessageLanguage;
  /** Holds the request's work until it settles (a channel's close waits for it). */
  track: (work: Promise<unknown>) => void;
}

/**
 * Registers a socket event handler (customer and agent channels alike) with refused text
 * (forbidden characters, too deep), validation errors, rate limits and unexpected failures all
 * turned into `{ ok: false, error }` acks. A handler may answer early through `reply`; whatever
 * it returns is then not sent again.
 */
export function handleWithAck(
  socket: Socket,
  event: string,
  context: AckedHandlerContext,
  handler: (payload: unknown, reply: (ack: unknown) => boolean) => Promise<unknown>,
): void {
  socket.on(event, (payload: unknown, maybeAck?: unknown) => {
    const ackFn = (typeof payload === 'function' ? payload : maybeAck) as Ack | undefined;
    const once = onceAck(typeof ackFn === 'function' ? ackFn : undefined);
    // Async, so a refused payload becomes a rejected promise and thus an error ack.
    const work = (async () => handler(acceptPayload(typeof payload === 'function' ? undefined : payload, 'payload'), once.send))()
      .then((result) => {
        if (result !== undefined) once.send(result);
      })
      .catch((err: unknown) => {
        const ack = ackForError(err, context.language(socket), context.log, { event, socket: socket.id });
        if (!once.send(ack)) context.log.warn({ event, code: ack.error.code }, 'failed after the ack was sent');
      });
    context.track(work);
  });
}

/**
 * Callbacks waiting for the commit of a customer message with a given client message id.
 * `message.created` is published only after the commit, so hearing it is proof of durability.
 */
export class CommitWaiters {
  private readonly waiting = new Map<string, Set<(message: Message) => void>>();

  private static key(conversationId: string, clientMessageId: string): string {
    return `${conversationId}\u0000${clientMessageId}`;
  }

  /** Registers `onCommit`; call the returned function to stop waiting. */
  wait(conversationId: string, clientMessageId: string, onCommit: (message: Message) => void): () => void {
    const key = CommitWaiters.key(conversationId, clientMessageId);
    let set = this.waiting.get(key);
    if (!set) this.waiting.set(key, (set = new Set()));
    set.add(onCommit);
    return () => {
      set.delete(onCommit);
      if (set.size === 0 && this.waiting.get(key) === set) this.waiting.delete(key);
    };
  }

  /**
   * Called for every committed message; only customer messages with a client id can match.
   * Only the EARLIEST waiter hears it: a twin sent while the original was in flight is a retry,
   * and its ack (from the engine, `duplicate: true`) says so.
   */
  committed(message: Message): void {
    if (message.sender !== 'customer' || !message.clientMessageId) return;
    const key = CommitWaiters.key(message.conversationId, message.clientMessageId);
    const set = this.waiting.get(key);
    const first = set?.values().next().value;
    if (!set || !first) return;
    set.delete(first);
    if (set.size === 0) this.waiting.delete(key);
    first(message);
  }

  get size(): number {
    return this.waiting.size;
  }
}
