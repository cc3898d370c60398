/**
 * Nothing unanswered after a crash. A customer message is committed before the bot works out
 * its reply; if the process dies in between (kill -9, power cut, OOM), the message sits in the
 * log with no answer and, unless the client happens to resend it, the customer waits for ever.
 * At start-up, once the engine is ready, every such message younger than the recovery window
 * is answered — in order, one at a time, through the engine's own idempotent path.
 */
import type { ConversationService } from '../conversation/service.js';
import type { ConversationEngine } from './engine.js';

const MS_PER_HOUR = 60 * 60 * 1000;
/**
 * Most messages answered per start. A crash leaves at most one per conversation in flight; a
 * few hundred covers a busy server's worst moment without holding a restart for minutes.
 */
export const MAX_RECOVERED_PER_START = 500;

export interface RecoveryReport {
  /** Unanswered messages found inside the window. */
  found: number;
  /** Of those, answered now by this server. */
  answered: number;
  /** Answered meanwhile by someone else, superseded, handed off — nothing to do. */
  skipped: number;
  failed: number;
}

export interface RecoveryOptions {
  conversations: Pick<ConversationService, 'unansweredCustomerMessages'>;
  engine: Pick<ConversationEngine, 'answerUnanswered'>;
  /** Only messages at most this old are answered; older ones would come out of the blue. */
  windowHours: number;
  now?: Date;
  limit?: number;
  /** Checked between messages: a server closing stops recovering. */
  stopped?: () => boolean;
  log?: { info(details: object, message: string): void; error(details: object, message: string): void };
}

export async function answerUnansweredMessages(options: RecoveryOptions): Promise<RecoveryReport> {
  const report: RecoveryReport = { found: 0, answered: 0, skipped: 0, failed: 0 };
  if (options.windowHours <= 0) return report;
  const since = new Date((options.now ?? new Date()).getTime() - options.windowHours * MS_PER_HOUR).toISOString();
  const pending = await options.conversations.unansweredCustomerMessages({ since, limit: options.limit ?? MAX_RECOVERED_PER_START });
  report.found = pending.length;
  for (const { conversationId, seq } of pending) {
    if (options.stopped?.()) break;
    try {
      const replies = await options.engine.answerUnanswered(conversationId, seq);
      if (replies.length > 0) report.answered += 1;
      else report.skipped += 1;
    } catch (err) {
      report.failed += 1;
      options.log?.error({ err, conversationId, seq }, '补答未回复的消息失败 (could not answer an unanswered message)');
    }
  }
  if (report.found > 0) options.log?.info({ ...report, since }, '已补答崩溃前未回复的顾客消息 (answered messages left unanswered by a crash)');
  return report;
}
