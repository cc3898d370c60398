/**
 * The shapes of what the bot says (src/content/rich-content.ts) as the console receives them,
 * and the one check every link and image passes before it is put on the page.
 */
export interface ReplyButton {
  action: 'reply' | 'link';
  label: string;
  text?: string;
  url?: string;
}

export interface ReplyCard {
  title: string;
  text?: string;
  imageUrl?: string;
  url?: string;
  buttons?: ReplyButton[];
}

export type ReplyBlock =
  | { type: 'text'; text: string }
  | { type: 'image'; url: string; alt?: string }
  | { type: 'link'; url: string; title: string }
  | { type: 'card'; card: ReplyCard }
  | { type: 'buttons'; text?: string; buttons: ReplyButton[] }
  | { type: 'carousel'; cards: ReplyCard[] }
  | { type: 'file'; url: string; name: string; sizeBytes?: number }
  | { type: 'audio'; url: string; transcript?: string }
  | { type: 'video'; url: string; title?: string; posterUrl?: string };

/** An absolute http(s) URL, or null: no javascript:, data: or page-relative links. */
export function safeUrl(url: unknown): string | null {
  if (typeof url !== 'string' || !url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}
