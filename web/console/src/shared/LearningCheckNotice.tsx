/**
 * The learning check of phrasings about to be added to an entry (src/learning/safety-check.ts),
 * as a supervisor reads it before deciding: the unresolved inbox's attach, a pending similar
 * question's 采纳 and its item in 待审核. It warns, it never blocks — the supervisor may approve
 * anyway. Each question that would get worse is named with the entry it belongs to, in words.
 */
import { Alert, Typography } from 'antd';
import { useEffect, useState, type ReactNode } from 'react';
import { api } from './api';
import { useT } from './i18n';

/** Where an entry's standard question is read (the knowledge API, docs/api.md). */
const ENTRIES_API = '/api/v1/kb/entries';

export type Regression = 'lost_first_place' | 'no_longer_answered' | 'now_answered_wrong' | 'now_answered_out_of_scope';

/** The check as the API answers it (`check` of an attach or an approval, `?dryRun=1` alone). */
export interface LearningCheck {
  probes: number;
  worse: number;
  flagged: boolean;
  regressions: { text: string; entryId: string; regression: Regression }[];
}

const messages = {
  zh: {
    flagged: '注意：加入后，其他条目的 {worse} 个自测问题会变差（排名下降或不再直接回答）。请确认要加入的说法确实属于该条目，确认后仍可通过。',
    passed: '自测通过：其他条目的 {probes} 个自测问题的回答都没有被它抢走。',
    lost_first_place: '「{text}」（属于「{entry}」）不再排第一',
    no_longer_answered: '「{text}」（属于「{entry}」）不再被直接回答',
    now_answered_wrong: '「{text}」（属于「{entry}」）会被直接答成别的条目（答非所问）',
    now_answered_out_of_scope: '「{text}」在没有对应条目时本该反问或转人工，加入后会被直接回答（容易答非所问）',
    more: '还有 {n} 个没有列出',
  },
  en: {
    flagged: 'Warning: adding this makes {worse} self-test questions of other entries rank or answer worse. Make sure the wording belongs to this entry; you can still approve it.',
    passed: 'Self-test passed: none of {probes} self-test questions of other entries has its answer taken.',
    lost_first_place: '“{text}” (of “{entry}”) no longer ranks first',
    no_longer_answered: '“{text}” (of “{entry}”) is no longer answered directly',
    now_answered_wrong: '“{text}” (of “{entry}”) would be answered with another entry (off the mark)',
    now_answered_out_of_scope: '“{text}” should be asked back or handed over when its entry is missing, yet would be answered directly (likely off the mark)',
    more: '{n} more not listed',
  },
};

/** The standard question of each entry the regressions name (the id when it cannot be read). */
function useStandardQuestions(entryIds: string[]): Record<string, string> {
  const [questions, setQuestions] = useState<Record<string, string>>({});
  const key = [...new Set(entryIds)].sort().join('\n');
  useEffect(() => {
    let live = true;
    const ids = key ? key.split('\n') : [];
    void Promise.all(
      ids.map(async (id) => {
        try {
          return [id, (await api<{ question: string }>('GET', `${ENTRIES_API}/${encodeURIComponent(id)}`)).question] as const;
        } catch {
          return [id, id] as const;
        }
      }),
    ).then((pairs) => live && setQuestions(Object.fromEntries(pairs)));
    return () => {
      live = false;
    };
  }, [key]);
  return questions;
}

export function LearningCheckNotice({ check, action, testId }: { check: LearningCheck; action?: ReactNode; testId: string }) {
  const t = useT(messages);
  const named = check.regressions.filter((r) => r.regression !== 'now_answered_out_of_scope').map((r) => r.entryId);
  const questions = useStandardQuestions(named);
  const unlisted = check.worse - check.regressions.length;
  return (
    <Alert
      type={check.flagged ? 'warning' : 'info'}
      showIcon
      data-testid={testId}
      title={check.flagged ? t('flagged', { worse: check.worse }) : t('passed', { probes: check.probes })}
      description={
        check.flagged ? (
          <ul style={{ margin: 0, paddingInlineStart: 20 }} data-testid={`${testId}-regressions`}>
            {check.regressions.map((r, i) => (
              <li key={i}>{t(r.regression, { text: r.text, entry: questions[r.entryId] ?? r.entryId })}</li>
            ))}
            {unlisted > 0 && (
              <li>
                <Typography.Text type="secondary">{t('more', { n: unlisted })}</Typography.Text>
              </li>
            )}
          </ul>
        ) : undefined
      }
      action={action}
    />
  );
}
