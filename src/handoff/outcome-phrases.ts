/**
 * What the customer is told when the bot hands over: always the truth about where they stand.
 * Queued → their place and a wait estimate; assigned → who has them; no person now (outside the
 * group's hours, nobody online, or too long a wait) → exactly that, the hours, and the way to
 * leave a message — never 「请稍候」 for a person who is not coming.
 */
import type { RichBlock } from '../content/rich-content.js';
import type { HandoffOutcome } from './desk.js';

export type Locale = 'zh' | 'en';

const SECONDS_PER_MINUTE = 60;
/** Waits under a minute are said as "about a minute": seconds would promise false precision. */
const MIN_SPOKEN_MINUTES = 1;
/** The quick reply that opens the leave-a-message form (the widget turns it into the form). */
export const LEAVE_MESSAGE_TEXT: Record<Locale, string> = { zh: '我要留言', en: 'Leave a message' };

function minutes(seconds: number): number {
  return Math.max(MIN_SPOKEN_MINUTES, Math.round(seconds / SECONDS_PER_MINUTE));
}

function opensAtText(iso: string | null, locale: Locale, timeZone = 'Asia/Shanghai'): string {
  if (!iso) return '';
  const when = new Intl.DateTimeFormat(locale === 'zh' ? 'zh-CN' : 'en-GB', { timeZone, month: 'numeric', day: 'numeric', weekday: 'short', hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
  return locale === 'zh' ? `下次上班时间：${when}。` : ` We are back ${when}.`;
}

export function handoffOutcomeContent(outcome: HandoffOutcome, locale: Locale): RichBlock[] {
  const zh = locale === 'zh';
  if (outcome.status === 'assigned') {
    return [{ type: 'text', text: zh ? `已为您接通人工客服${outcome.agentName}，请直接描述您的问题～` : `You're now with ${outcome.agentName}. Go ahead and describe the issue.` }];
  }
  if (outcome.status === 'queued') {
    const ahead = outcome.position - 1;
    const wait = minutes(outcome.estimatedWaitSeconds);
    const text = zh
      ? `已为您转接人工客服，${ahead > 0 ? `您前面还有 ${ahead} 位，` : '您是下一位，'}预计等待约 ${wait} 分钟。等待期间有别的问题也可以继续问我～`
      : `You're in the queue for a person: ${ahead > 0 ? `${ahead} ahead of you` : "you're next"}, about ${wait} min. Ask me anything meanwhile.`;
    return [{ type: 'text', text }];
  }
  const hours = outcome.availability.hoursText;
  const why = {
    closed_hours: zh ? `现在不在人工客服的服务时间（${hours}）。${opensAtText(outcome.availability.opensAt, locale)}` : `Our people are not working right now (hours: ${hours}).${opensAtText(outcome.availability.opensAt, locale)}`,
    no_agent: zh ? `现在没有在线的人工客服（服务时间：${hours}）。` : `No one from our team is online right now (hours: ${hours}).`,
    long_wait: zh ? '现在咨询的人很多，人工客服一时接不过来。' : 'A lot of customers are waiting right now; a person cannot take you soon.',
  }[outcome.why];
  const offer = zh ? '您可以留下联系方式和问题，我们会尽快回复您；也可以继续问我。' : 'Leave your contact and question and we will get back to you — or keep asking me.';
  return [{ type: 'buttons', text: `${why}${offer}`, buttons: [{ action: 'reply', label: LEAVE_MESSAGE_TEXT[locale], text: LEAVE_MESSAGE_TEXT[locale] }] }];
}
