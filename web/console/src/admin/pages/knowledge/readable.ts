/**
 * Entries and answers as plain readable lines: what the version diff compares and what the
 * list shows as the answer's gist. One rendering, so a change reads the same everywhere.
 */
import { useLang } from '../../../shared/i18n';
import type { EntrySnapshot, RichBlock } from './types';

export interface ReadableLabels {
  question: string;
  similar: string;
  answer: string;
  category: string;
  tags: string;
  status: string;
  validity: string;
  link: string;
  image: string;
  buttons: string;
  card: string;
  carousel: string;
  file: string;
  audio: string;
  video: string;
  none: string;
}

export function blockLine(block: RichBlock, l: ReadableLabels): string {
  switch (block.type) {
    case 'text':
      return block.text;
    case 'link':
      return `[${l.link}] ${block.title} ${block.url}`;
    case 'image':
      return `[${l.image}] ${block.alt ?? ''} ${block.url}`.replace(/\s+/g, ' ');
    case 'buttons':
      return `[${l.buttons}] ${block.text ?? ''} ${block.buttons.map((b) => `「${b.label}」`).join(' ')}`.replace(/\s+/g, ' ');
    case 'card':
      return `[${l.card}] ${block.card.title}${block.card.text ? ` — ${block.card.text}` : ''}${block.card.url ? ` ${block.card.url}` : ''}`;
    case 'carousel':
      return `[${l.carousel}] ${block.cards.map((c) => c.title).join(' / ')}`;
    case 'file':
      return `[${l.file}] ${block.name} ${block.url}`;
    case 'audio':
      return `[${l.audio}] ${block.transcript ?? ''} ${block.url}`.replace(/\s+/g, ' ');
    case 'video':
      return `[${l.video}] ${block.title ?? ''} ${block.url}`.replace(/\s+/g, ' ');
  }
}

/** The whole answer on one line, for the list. */
export function answerGist(blocks: RichBlock[], l: ReadableLabels): string {
  return blocks.map((b) => blockLine(b, l)).join(' ').replace(/\s+/g, ' ');
}

/** An entry as lines (one per similar question and per answer block), for a line diff. */
export function entryLines(e: EntrySnapshot, l: ReadableLabels, statusName: (s: EntrySnapshot['status']) => string): string {
  const lines = [
    `${l.question}：${e.question}`,
    `${l.similar}：`,
    ...e.similarQuestions.map((q) => `  · ${q}`),
    `${l.answer}：`,
    ...e.answer.map((b) => `  ${blockLine(b, l)}`),
    `${l.category}：${e.category ?? l.none}`,
    `${l.tags}：${e.tags.length ? e.tags.join('、') : l.none}`,
    `${l.status}：${statusName(e.status)}`,
    `${l.validity}：${e.validFrom ?? '…'} ~ ${e.validTo ?? '…'}`,
  ];
  return lines.join('\n') + '\n';
}

const labels: Record<'zh' | 'en', ReadableLabels> = {
  zh: { question: '标准问', similar: '相似问', answer: '答案', category: '分类', tags: '标签', status: '状态', validity: '有效期', link: '链接', image: '图片', buttons: '按钮', card: '卡片', carousel: '卡片组', file: '文件', audio: '语音', video: '视频', none: '无' },
  en: { question: 'Question', similar: 'Similar', answer: 'Answer', category: 'Category', tags: 'Tags', status: 'Status', validity: 'Valid', link: 'Link', image: 'Image', buttons: 'Buttons', card: 'Card', carousel: 'Cards', file: 'File', audio: 'Voice', video: 'Video', none: 'none' },
};

export function useReadableLabels(): ReadableLabels {
  return labels[useLang().lang];
}
