/**
 * Agents propose knowledge, supervisors publish it (docs/review.md):
 * - 把这条回复加入知识库: an agent's own reply with the customer's question before it, both
 *   editable (kept general: no order numbers, no one customer's details), as a new entry;
 * - 建议修改答案: a knowledge answer the assist panel suggested, rewritten, as a revision of its
 *   entry — the published answer keeps serving until a supervisor approves.
 */
import { App, Form, Input, Modal } from 'antd';
import { useEffect } from 'react';
import { api, ApiError } from '../shared/api';
import { useT } from '../shared/i18n';

const messages = {
  zh: {
    title: '把这条回复加入知识库',
    hint: '提交后由主管审核，通过后机器人就会这样回答。请把问题写成通用的问法，去掉订单号、手机号等个人信息。',
    editTitle: '建议修改答案',
    editHint: '提交后由主管审核，通过前顾客仍看到原来的答案。答案会保存为纯文字。',
    question: '顾客的问题',
    answer: '答案',
    comment: '给审核人的说明（可选）',
    required: '必填',
    submit: '提交审核',
    sent: '已提交审核',
    failed: '提交失败',
  },
  en: {
    title: 'Propose this reply as knowledge',
    hint: 'A supervisor reviews it; once approved the bot answers this way. Word the question generally, without order numbers, phones or other personal details.',
    editTitle: 'Suggest a better answer',
    editHint: 'A supervisor reviews it; until approved customers get the current answer. The answer is kept as plain text.',
    question: "Customer's question",
    answer: 'Answer',
    comment: 'Note for the reviewer (optional)',
    required: 'Required',
    submit: 'Submit for review',
    sent: 'Submitted for review',
    failed: 'Could not submit',
  },
};

export type KnowledgeProposal =
  | { kind: 'new_entry'; conversationId: string; question: string; answer: string }
  | { kind: 'entry_edit'; entryId: string; question: string; answer: string };

interface Values {
  question: string;
  answer: string;
  comment?: string;
}

export function ProposeKnowledge({ proposal, onClose }: { proposal: KnowledgeProposal | null; onClose(): void }) {
  const t = useT(messages);
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  /** A revision changes the answer only; the question is shown for context. */
  const editing = proposal?.kind === 'entry_edit';
  useEffect(() => {
    if (proposal) form.setFieldsValue({ question: proposal.question, answer: proposal.answer, comment: '' });
  }, [proposal, form]);

  const submit = async (values: Values) => {
    if (!proposal) return;
    try {
      const comment = values.comment?.trim();
      const note = comment ? { comment } : {};
      await api(
        'POST',
        '/api/v1/reviews',
        proposal.kind === 'new_entry'
          ? { kind: 'new_entry', question: values.question, answer: values.answer, conversationId: proposal.conversationId, ...note }
          : { kind: 'entry_edit', entryId: proposal.entryId, patch: { answer: values.answer }, ...note },
      );
      message.success(t('sent'));
      onClose();
    } catch (err) {
      message.error(err instanceof ApiError ? err.message : t('failed'));
    }
  };

  return (
    <Modal
      open={proposal !== null}
      title={t(editing ? 'editTitle' : 'title')}
      okText={t('submit')}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      data-testid="propose-knowledge"
    >
      <p style={{ color: '#888' }}>{t(editing ? 'editHint' : 'hint')}</p>
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="question" label={t('question')} rules={[{ required: true, whitespace: true, message: t('required') }]}>
          <Input maxLength={500} disabled={editing} data-testid="propose-question" />
        </Form.Item>
        <Form.Item name="answer" label={t('answer')} rules={[{ required: true, whitespace: true, message: t('required') }]}>
          <Input.TextArea rows={4} maxLength={5000} data-testid="propose-answer" />
        </Form.Item>
        <Form.Item name="comment" label={t('comment')}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
