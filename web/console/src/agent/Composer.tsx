/**
 * The agent's composer: Enter sends, Shift+Enter is a new line. Typing `/` at the start opens
 * the canned replies (快捷回复), filtered by what follows; ↑/↓ choose, Enter inserts, Esc closes.
 */
import { Button, Input, List, Typography } from 'antd';
import { useMemo, useState, type KeyboardEvent } from 'react';
import { useT } from '../shared/i18n';
import type { CannedReply } from './types';

const messages = {
  zh: {
    placeholder: '输入回复，Enter 发送，Shift+Enter 换行，/ 快捷回复',
    send: '发送',
    composer: '回复顾客',
    canned: '快捷回复',
    noCanned: '没有匹配的快捷回复',
    fromSuggestion: '来自推荐答案',
  },
  en: {
    placeholder: 'Reply — Enter sends, Shift+Enter new line, / canned replies',
    send: 'Send',
    composer: 'Reply to the customer',
    canned: 'Canned replies',
    noCanned: 'No matching canned reply',
    fromSuggestion: 'From a suggested answer',
  },
};

/** A canned-reply list longer than this is narrowed by typing, not scrolled. */
const MAX_CANNED_SHOWN = 8;
const CANNED_TRIGGER = '/';

export interface ComposerProps {
  text: string;
  onText(text: string): void;
  /** A canned reply replaces the draft: the message no longer starts from a suggestion. */
  onInsertCanned(text: string): void;
  fromSuggestion: boolean;
  canned: CannedReply[];
  sending: boolean;
  disabled: boolean;
  onSend(): void;
}

export function Composer({ text, onText, onInsertCanned, fromSuggestion, canned, sending, disabled, onSend }: ComposerProps) {
  const t = useT(messages);
  const [chosen, setChosen] = useState(0);
  const [dismissed, setDismissed] = useState(false);
  const query = text.startsWith(CANNED_TRIGGER) && !text.includes('\n') ? text.slice(CANNED_TRIGGER.length).toLowerCase() : null;
  const matches = useMemo(
    () => (query === null ? [] : canned.filter((c) => c.shortcut.toLowerCase().includes(query) || c.text.toLowerCase().includes(query)).slice(0, MAX_CANNED_SHOWN)),
    [canned, query],
  );
  const cannedOpen = query !== null && !dismissed;

  const insert = (reply: CannedReply) => {
    onInsertCanned(reply.text);
    setDismissed(false);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.nativeEvent.isComposing) return; // a Chinese IME is still choosing characters
    if (cannedOpen && matches.length > 0) {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        const step = event.key === 'ArrowDown' ? 1 : -1;
        setChosen((i) => (i + step + matches.length) % matches.length);
        return;
      }
      if (event.key === 'Enter' && !event.shiftKey) {
        event.preventDefault();
        insert(matches[Math.min(chosen, matches.length - 1)]);
        return;
      }
    }
    if (cannedOpen && event.key === 'Escape') {
      setDismissed(true);
      return;
    }
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      if (!disabled && text.trim() !== '') onSend();
    }
  };

  return (
    <div className="agent-composer">
      {cannedOpen && (
        <div className="agent-canned" data-testid="canned-list" role="listbox" aria-label={t('canned')}>
          {matches.length === 0 ? (
            <Typography.Text type="secondary">{t('noCanned')}</Typography.Text>
          ) : (
            <List
              size="small"
              dataSource={matches}
              renderItem={(reply, i) => (
                <List.Item
                  role="option"
                  aria-selected={i === chosen}
                  data-testid="canned-item"
                  className={i === chosen ? 'agent-canned-item agent-canned-chosen' : 'agent-canned-item'}
                  onMouseDown={(event) => {
                    event.preventDefault();
                    insert(reply);
                  }}
                >
                  <Typography.Text code>/{reply.shortcut}</Typography.Text> <span>{reply.text}</span>
                </List.Item>
              )}
            />
          )}
        </div>
      )}
      {fromSuggestion && (
        <Typography.Text type="secondary" data-testid="composer-from-suggestion">
          {t('fromSuggestion')}
        </Typography.Text>
      )}
      <div className="agent-composer-row">
        <Input.TextArea
          data-testid="composer"
          aria-label={t('composer')}
          placeholder={t('placeholder')}
          autoSize={{ minRows: 2, maxRows: 6 }}
          value={text}
          disabled={disabled}
          onChange={(event) => {
            onText(event.target.value);
            setChosen(0);
            setDismissed(false);
          }}
          onKeyDown={onKeyDown}
        />
        <Button type="primary" data-testid="send" loading={sending} disabled={disabled || text.trim() === ''} onClick={onSend}>
          {t('send')}
        </Button>
      </div>
    </div>
  );
}
