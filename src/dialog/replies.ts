/**
 * Everything the bot itself says (not knowledge answers), Chinese first with English. Warm and
 * honest: the bot says when it is unsure, and the way to a person is always in the sentence.
 */
export type Locale = 'zh' | 'en';

export const REPLIES = {
  handoff: {
    zh: '好的，马上为您转接人工客服，请稍候～ 您可以先把问题描述一下，客服接入后会第一时间看到。',
    en: "Sure — connecting you to a human agent now. Feel free to describe your issue; they'll see it as soon as they join.",
  },
  handoffAngry: {
    zh: '非常抱歉给您带来了不好的体验，我马上为您转接人工客服，请稍候，我们一定认真处理。',
    en: "I'm very sorry for the trouble. I'm connecting you to a human agent right away; we will take care of this.",
  },
  clarify: {
    zh: '我不太确定您想问的是哪一个，您是想问：',
    en: "I'm not quite sure which one you mean. Did you mean:",
  },
  fallback: {
    zh: '抱歉，这个问题我暂时还答不上来。您可以换个说法再问我，或者回复「转人工」，我马上为您转接人工客服。',
    en: "Sorry, I can't answer that yet. You can rephrase it, or reply \"human\" and I'll connect you to an agent right away.",
  },
  greeting: {
    zh: '您好，我是智能客服小温～ 请问有什么可以帮您？随时说「转人工」也可以直接找人工客服。',
    en: "Hello, I'm the service assistant. How can I help? Say \"human\" any time to reach a person.",
  },
  thanks: {
    zh: '不客气～ 还有其他问题随时问我哦。',
    en: "You're welcome! Ask me anything else any time.",
  },
  partHeading: {
    zh: '关于「{part}」：',
    en: 'About "{part}": ',
  },
} as const satisfies Record<string, Record<Locale, string>>;

/** Openings for a reply to an upset customer; one is chosen per message (settings may replace them). */
export const EMPATHY_OPENINGS: Record<Locale, readonly string[]> = {
  zh: ['非常抱歉让您久等了，', '给您添麻烦了，非常抱歉，', '理解您的心情，我们马上帮您处理，'],
  en: ['Sorry to keep you waiting. ', 'Sorry for the trouble. ', 'I understand how you feel; let me help. '],
};

export function reply(key: keyof typeof REPLIES, locale: Locale, vars: Record<string, string> = {}): string {
  return REPLIES[key][locale].replace(/\{(\w+)\}/g, (_, name: string) => vars[name] ?? '');
}
