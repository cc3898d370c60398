/**
 * A message's rich content, rendered as React text and safe elements only: whatever a customer,
 * the bot or a colleague wrote is never parsed as HTML, and only http(s) links are clickable
 * (opened in a new tab with rel="noopener noreferrer").
 */
import { Tag, Typography } from 'antd';
import type { Button, Card, ChatMessage, RichBlock } from './types';

function isSafeUrl(url: string | undefined): url is string {
  return typeof url === 'string' && /^https?:\/\//i.test(url);
}

function SafeLink({ url, children }: { url: string | undefined; children: React.ReactNode }) {
  if (!isSafeUrl(url)) return <span>{children}</span>;
  return (
    <a href={url} target="_blank" rel="noopener noreferrer">
      {children}
    </a>
  );
}

function Buttons({ buttons }: { buttons: Button[] }) {
  return (
    <div className="agent-msg-buttons">
      {buttons.map((b, i) =>
        b.action === 'link' ? (
          <SafeLink key={i} url={b.url}>
            <Tag>{b.label}</Tag>
          </SafeLink>
        ) : (
          <Tag key={i} title={b.text}>
            {b.label}
          </Tag>
        ),
      )}
    </div>
  );
}

function CardView({ card }: { card: Card }) {
  return (
    <div className="agent-msg-card">
      <strong>
        <SafeLink url={card.url}>{card.title}</SafeLink>
      </strong>
      {card.text && <div>{card.text}</div>}
      {card.buttons && <Buttons buttons={card.buttons} />}
    </div>
  );
}

function Block({ block }: { block: RichBlock }) {
  switch (block.type) {
    case 'text':
      return <div className="agent-msg-text">{block.text}</div>;
    case 'image':
      return isSafeUrl(block.url) ? <img className="agent-msg-image" src={block.url} alt={block.alt ?? ''} /> : null;
    case 'link':
      return <SafeLink url={block.url}>{block.title}</SafeLink>;
    case 'card':
      return <CardView card={block.card} />;
    case 'buttons':
      return (
        <div>
          {block.text && <div className="agent-msg-text">{block.text}</div>}
          <Buttons buttons={block.buttons} />
        </div>
      );
    case 'carousel':
      return (
        <div>
          {block.cards.map((card, i) => (
            <CardView key={i} card={card} />
          ))}
        </div>
      );
    case 'file':
      return <SafeLink url={block.url}>📎 {block.name}</SafeLink>;
    case 'audio':
      return <SafeLink url={block.url}>🔊 {block.transcript ?? block.url}</SafeLink>;
    case 'video':
      return <SafeLink url={block.url}>🎬 {block.title ?? block.url}</SafeLink>;
    default:
      return null;
  }
}

/** The content blocks when there are any, else the plain text. */
export function MessageContent({ message }: { message: ChatMessage }) {
  if (!message.content || message.content.length === 0) return <Typography.Text className="agent-msg-text">{message.text}</Typography.Text>;
  return (
    <>
      {message.content.map((block, i) => (
        <Block key={i} block={block} />
      ))}
    </>
  );
}
