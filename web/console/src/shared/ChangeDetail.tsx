/**
 * One audit record's before → after, as a line diff of the two JSON documents (removed lines
 * red, added green). Everything is rendered as text: a record may hold what a customer or an
 * operator typed.
 */
import { diffJson } from 'diff';
import { useT } from './i18n';

const messages = {
  zh: { nothing: '（无）', legend: '红色为改动前，绿色为改动后' },
  en: { nothing: '(none)', legend: 'Red: before; green: after' },
};

// <del>/<ins> say removed/added to a screen reader too; the colours are for the eye.
const REMOVED = { background: '#fff1f0', color: '#a8071a' };
const ADDED = { background: '#f6ffed', color: '#237804', textDecoration: 'none' };

export function ChangeDetail({ before, after }: { before: unknown; after: unknown }) {
  const t = useT(messages);
  if (before == null && after == null) return <span>{t('nothing')}</span>;
  // A created record has no before, a deleted one no after: the empty side diffs as no lines.
  const parts = diffJson(before == null ? '' : (before as object), after == null ? '' : (after as object));
  return (
    <div data-testid="audit-detail">
      <div style={{ color: '#888', marginBottom: 4 }}>{t('legend')}</div>
      <pre style={{ margin: 0, whiteSpace: 'pre-wrap', wordBreak: 'break-all', fontSize: 12 }}>
        {parts.map((part, i) =>
          part.removed ? (
            <del key={i} style={REMOVED}>
              {part.value}
            </del>
          ) : part.added ? (
            <ins key={i} style={ADDED}>
              {part.value}
            </ins>
          ) : (
            <span key={i}>{part.value}</span>
          ),
        )}
      </pre>
    </div>
  );
}
