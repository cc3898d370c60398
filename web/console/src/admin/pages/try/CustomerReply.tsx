/**
 * A bot reply as the customer would see it: text, links, images, cards and quick-reply
 * buttons. Everything is rendered as React text or safe elements (never HTML strings); links
 * and images only with http(s) URLs, links open in a new tab without access to this page.
 */
import { Button, Card, Space, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useT } from '../../../shared/i18n';
import { safeUrl, type ReplyBlock, type ReplyButton, type ReplyCard } from './rich-content';

const messages = {
  zh: { file: '文件', audio: '语音', video: '视频', suggestions: '猜你想问' },
  en: { file: 'File', audio: 'Voice', video: 'Video', suggestions: 'You may want to ask' },
};

/** Image previews stay small: this is a preview of a chat bubble, not a gallery. */
const IMAGE_MAX_WIDTH_PX = 240;

function SafeLink({ url, children }: { url: string | undefined; children: ReactNode }) {
  const href = safeUrl(url);
  if (!href) return <Typography.Text>{children}</Typography.Text>;
  return (
    <a href={href} target="_blank" rel="noopener noreferrer">
      {children}
    </a>
  );
}

function Buttons({ buttons, onAsk }: { buttons: ReplyButton[]; onAsk: (text: string) => void }) {
  return (
    <Space wrap size={[8, 8]}>
      {buttons.map((b, i) =>
        b.action === 'link' ? (
          <SafeLink key={i} url={b.url}>
            {b.label}
          </SafeLink>
        ) : (
          <Button key={i} size="small" onClick={() => onAsk(b.text ?? b.label)}>
            {b.label}
          </Button>
        ),
      )}
    </Space>
  );
}

function ReplyCardView({ card, onAsk }: { card: ReplyCard; onAsk: (text: string) => void }) {
  const image = safeUrl(card.imageUrl);
  return (
    <Card size="small" style={{ maxWidth: 320 }} cover={image ? <img src={image} alt={card.title} referrerPolicy="no-referrer" /> : undefined}>
      <Typography.Text strong>
        <SafeLink url={card.url}>{card.title}</SafeLink>
      </Typography.Text>
      {card.text && <Typography.Paragraph style={{ margin: '4px 0 0', whiteSpace: 'pre-wrap' }}>{card.text}</Typography.Paragraph>}
      {card.buttons && card.buttons.length > 0 && <Buttons buttons={card.buttons} onAsk={onAsk} />}
    </Card>
  );
}

export function CustomerReply({ content, reply, suggestions, onAsk }: { content: ReplyBlock[]; reply: string; suggestions: Array<{ question: string }>; onAsk: (text: string) => void }) {
  const t = useT(messages);
  const hasButtons = content.some((b) => b.type === 'buttons');
  const blocks = content.length > 0 ? content : [{ type: 'text', text: reply } as ReplyBlock];
  return (
    <Space orientation="vertical" size={8} data-testid="customer-reply" style={{ width: '100%' }}>
      {blocks.map((block, i) => (
        <Block key={i} block={block} onAsk={onAsk} fileLabel={t('file')} audioLabel={t('audio')} videoLabel={t('video')} />
      ))}
      {!hasButtons && suggestions.length > 0 && (
        <div>
          <Typography.Text type="secondary">{t('suggestions')}：</Typography.Text>
          <Buttons buttons={suggestions.map((s) => ({ action: 'reply', label: s.question, text: s.question }))} onAsk={onAsk} />
        </div>
      )}
    </Space>
  );
}

function Block({ block, onAsk, fileLabel, audioLabel, videoLabel }: { block: ReplyBlock; onAsk: (text: string) => void; fileLabel: string; audioLabel: string; videoLabel: string }) {
  switch (block.type) {
    case 'text':
      return <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{block.text}</Typography.Paragraph>;
    case 'image': {
      const src = safeUrl(block.url);
      return src ? <img src={src} alt={block.alt ?? ''} referrerPolicy="no-referrer" style={{ maxWidth: IMAGE_MAX_WIDTH_PX }} /> : null;
    }
    case 'link':
      return <SafeLink url={block.url}>{block.title}</SafeLink>;
    case 'card':
      return <ReplyCardView card={block.card} onAsk={onAsk} />;
    case 'carousel':
      return (
        <Space wrap align="start">
          {block.cards.map((card, i) => (
            <ReplyCardView key={i} card={card} onAsk={onAsk} />
          ))}
        </Space>
      );
    case 'buttons':
      return (
        <Space orientation="vertical" size={4}>
          {block.text && <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{block.text}</Typography.Paragraph>}
          <Buttons buttons={block.buttons} onAsk={onAsk} />
        </Space>
      );
    case 'file':
      return (
        <SafeLink url={block.url}>
          [{fileLabel}] {block.name}
        </SafeLink>
      );
    case 'audio':
      return (
        <SafeLink url={block.url}>
          [{audioLabel}] {block.transcript ?? ''}
        </SafeLink>
      );
    case 'video':
      return (
        <SafeLink url={block.url}>
          [{videoLabel}] {block.title ?? ''}
        </SafeLink>
      );
    default:
      return null;
  }
}
