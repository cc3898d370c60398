/** Why a conversation came to a person (src/handoff/types.ts HANDOFF_REASONS), in words. */
import { useT } from '../shared/i18n';
import type { HandoffReason } from './types';

const messages = {
  zh: {
    customer_request: '顾客要求转人工',
    knowledge_missing: '知识库没有答案',
    repeated_failure: '机器人多次未能解决',
    emotion: '顾客情绪激动',
    policy: '命中转人工规则',
    flow: '流程转人工',
  },
  en: {
    customer_request: 'Customer asked for a person',
    knowledge_missing: 'No answer in the knowledge base',
    repeated_failure: 'The bot failed repeatedly',
    emotion: 'Customer upset',
    policy: 'Hand-off rule matched',
    flow: 'Handed over by a flow',
  },
};

export function useReasonLabel(): (reason: string) => string {
  const t = useT(messages);
  return (reason) => (reason in messages.zh ? t(reason as HandoffReason) : reason);
}
