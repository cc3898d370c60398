/**
 * Commit waiters and once-only acks: the pieces that let `message:send` acknowledge on the
 * commit while a retry in flight is still acknowledged as the duplicate it is.
 */
import { describe, expect, it } from 'vitest';
import type { Message } from '../../conversation/schemas.js';
import { CommitWaiters, errorAck, onceAck } from './acks.js';

function message(overrides: Partial<Message>): Message {
  return {
    id: 'msg-1',
    conversationId: 'cv-1',
    seq: 3,
    sender: 'customer',
    senderId: null,
    clientMessageId: 'c-1',
    text: '快遞到哪了😭',
    content: [],
    meta: {},
    createdAt: '2026-11-25T12:00:00.000Z',
    ...overrides,
  };
}

describe('CommitWaiters', () => {
  it('tells only the earliest waiter of a client message id; the twin keeps waiting', () => {
    const waiters = new CommitWaiters();
    const heard: string[] = [];
    waiters.wait('cv-1', 'c-1', () => heard.push('original'));
    const stopTwin = waiters.wait('cv-1', 'c-1', () => heard.push('retry'));
    waiters.committed(message({}));
    expect(heard).toEqual(['original']);
    expect(waiters.size).toBe(1);
    stopTwin();
    expect(waiters.size).toBe(0);
  });

  it('ignores bot messages, other conversations, other ids, and waiters that stopped', () => {
    const waiters = new CommitWaiters();
    const heard: number[] = [];
    const stop = waiters.wait('cv-1', 'c-1', (m) => heard.push(m.seq));
    waiters.committed(message({ sender: 'bot', clientMessageId: 'c-1' }));
    waiters.committed(message({ conversationId: 'cv-2' }));
    waiters.committed(message({ clientMessageId: 'c-2' }));
    waiters.committed(message({ clientMessageId: null }));
    expect(heard).toEqual([]);
    stop();
    waiters.committed(message({}));
    expect(heard).toEqual([]);
  });
});

describe('acks', () => {
  it('answers once, and not at all when the client sent no callback', () => {
    const got: unknown[] = [];
    const once = onceAck((r) => got.push(r));
    expect(once.send({ ok: true, seq: 1 })).toBe(true);
    expect(once.send({ ok: false })).toBe(false);
    expect(got).toEqual([{ ok: true, seq: 1 }]);
    expect(onceAck(undefined).send({ ok: true })).toBe(true);
  });

  it('carries the code with the Chinese or English message', () => {
    expect(errorAck('WENDU_MESSAGE_TOO_LONG', 'zh', { maxLength: 5000 })).toEqual({
      ok: false,
      error: { code: 'WENDU_MESSAGE_TOO_LONG', message: '消息过长，请分几次发送', details: { maxLength: 5000 } },
    });
    expect(errorAck('WENDU_FORBIDDEN', 'en').error).toEqual({ code: 'WENDU_FORBIDDEN', message: 'Forbidden', details: null });
  });
});
