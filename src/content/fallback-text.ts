/**
 * The text fallback of rich content, for channels that cannot show a block (SMS-like APIs,
 * WeChat text replies, the matcher's answer-text field). Nothing the operator wrote is lost:
 * titles, texts, button labels and links all appear in the text.
 */
import type { Button, Card, RichBlock } from './rich-content.js';

function buttonText(b: Button): string {
  return b.action === 'link' ? `${b.label}：${b.url}` : `【${b.label}】`;
}

function cardText(c: Card): string {
  return [c.title, c.text, c.url, ...(c.buttons ?? []).map(buttonText)].filter(Boolean).join('\n');
}

export function blockText(block: RichBlock): string {
  switch (block.type) {
    case 'text':
      return block.text;
    case 'image':
      return block.alt ? `[图片] ${block.alt}` : '[图片]';
    case 'link':
      return `${block.title}：${block.url}`;
    case 'card':
      return cardText(block.card);
    case 'buttons':
      return [block.text, block.buttons.map(buttonText).join(' ')].filter(Boolean).join('\n');
    case 'carousel':
      return block.cards.map(cardText).join('\n\n');
    case 'file':
      return `[文件] ${block.name}：${block.url}`;
    case 'audio':
      return block.transcript ? `[语音] ${block.transcript}` : `[语音] ${block.url}`;
    case 'video':
      return `[视频] ${block.title ?? ''} ${block.url}`.replace(/\s+/g, ' ');
  }
}

export function contentText(blocks: readonly RichBlock[]): string {
  return blocks.map(blockText).filter(Boolean).join('\n');
}
