/**
 * The answer as the customer will see it: the blocks drawn like a chat bubble. Everything is
 * React text or a safe element — a link only when it is http(s), opened in a new tab without
 * access to this page — so whatever an operator typed (or the database holds) never runs.
 */
import { LinkOutlined, PaperClipOutlined, SoundOutlined, VideoCameraOutlined } from '@ant-design/icons';
import { Typography } from 'antd';
import type { ReactNode } from 'react';
import { useT } from '../../../shared/i18n';
import { isWebUrl, type Button, type Card, type RichBlock } from './types';

const messages = {
  zh: { empty: '（还没有答案）', file: '文件', audio: '语音', video: '视频', transcript: '文字稿' },
  en: { empty: '(no answer yet)', file: 'File', audio: 'Voice', video: 'Video', transcript: 'Transcript' },
};

const bubble = { background: '#f4f5f7', borderRadius: 12, padding: '10px 14px', maxWidth: 360, display: 'flex', flexDirection: 'column' as const, gap: 8 };
const chip = { border: '1px solid #e8590c', color: '#e8590c', borderRadius: 14, padding: '2px 10px', background: '#fff', fontSize: 13 };

/** A link when the URL is http(s); otherwise the label as plain text (never a javascript: href). */
function SafeLink({ url, children }: { url: string | undefined; children: ReactNode }) {
  if (!isWebUrl(url)) return <span>{children}</span>;
  return (
    <a href={url} target="_blank" rel="noopener noreferrer">
      {children}
    </a>
  );
}

function Buttons({ buttons }: { buttons: Button[] }) {
  return (
    <div style={{ display: 'flex', flexWrap: 'wrap', gap: 6 }}>
      {buttons.map((b, i) =>
        b.action === 'link' ? (
          <SafeLink key={i} url={b.url}>
            <span style={chip}>{b.label}</span>
          </SafeLink>
        ) : (
          // A quick reply sends its text as the customer; in the preview it only shows.
          <span key={i} style={chip} title={b.text} data-preview="quick-reply">
            {b.label}
          </span>
        ),
      )}
    </div>
  );
}

function CardView({ card }: { card: Card }) {
  return (
    <div style={{ background: '#fff', borderRadius: 8, overflow: 'hidden', border: '1px solid #e5e7eb' }}>
      {isWebUrl(card.imageUrl) && <img src={card.imageUrl} alt="" style={{ width: '100%', maxHeight: 140, objectFit: 'cover' }} />}
      <div style={{ padding: 8, display: 'flex', flexDirection: 'column', gap: 4 }}>
        <Typography.Text strong>
          <SafeLink url={card.url}>{card.title}</SafeLink>
        </Typography.Text>
        {card.text && <span style={{ whiteSpace: 'pre-wrap' }}>{card.text}</span>}
        {card.buttons && card.buttons.length > 0 && <Buttons buttons={card.buttons} />}
      </div>
    </div>
  );
}

export function AnswerPreview({ blocks }: { blocks: RichBlock[] }) {
  const t = useT(messages);
  const shown = blocks.filter((b) => b.type !== 'text' || b.text.trim() !== '');
  return (
    <div style={bubble} data-testid="answer-preview">
      {shown.length === 0 && <Typography.Text type="secondary">{t('empty')}</Typography.Text>}
      {shown.map((block, i) => {
        switch (block.type) {
          case 'text':
            return (
              <span key={i} style={{ whiteSpace: 'pre-wrap' }}>
                {block.text}
              </span>
            );
          case 'link':
            return (
              <SafeLink key={i} url={block.url}>
                <LinkOutlined /> {block.title}
              </SafeLink>
            );
          case 'image':
            return isWebUrl(block.url) ? <img key={i} src={block.url} alt={block.alt ?? ''} style={{ maxWidth: '100%', borderRadius: 8 }} /> : null;
          case 'buttons':
            return (
              <div key={i} style={{ display: 'flex', flexDirection: 'column', gap: 6 }}>
                {block.text && <span style={{ whiteSpace: 'pre-wrap' }}>{block.text}</span>}
                <Buttons buttons={block.buttons} />
              </div>
            );
          case 'card':
            return <CardView key={i} card={block.card} />;
          case 'carousel':
            return (
              <div key={i} style={{ display: 'flex', gap: 8, overflowX: 'auto' }}>
                {block.cards.map((card, j) => (
                  <div key={j} style={{ minWidth: 180 }}>
                    <CardView card={card} />
                  </div>
                ))}
              </div>
            );
          case 'file':
            return (
              <SafeLink key={i} url={block.url}>
                <PaperClipOutlined /> {t('file')}：{block.name}
              </SafeLink>
            );
          case 'audio':
            return (
              <div key={i}>
                <SafeLink url={block.url}>
                  <SoundOutlined /> {t('audio')}
                </SafeLink>
                {block.transcript && <div style={{ whiteSpace: 'pre-wrap' }}>{`${t('transcript')}：${block.transcript}`}</div>}
              </div>
            );
          case 'video':
            return (
              <SafeLink key={i} url={block.url}>
                <VideoCameraOutlined /> {block.title || t('video')}
              </SafeLink>
            );
        }
      })}
    </div>
  );
}
