/**
 * The chat panel: launcher button, dialog with the message log, 转人工, the queue status, the
 * leave-a-message and rating forms, and the composer. Messages are keyed by seq (dedupe, order);
 * a message the customer just typed shows at once as pending and becomes the stored one when the
 * server's copy (same clientMessageId) arrives. Only message content is shown — never the meta
 * the server keeps for operators.
 */
import { Connection, HttpError, newClientMessageId, type HandoffView, type WireMessage } from './connection.js';
import { h } from './dom.js';
import { TEXTS, type Lang, type Texts } from './i18n.js';
import { renderContent } from './render.js';
import { widgetStyles } from './styles.js';

export interface WidgetOptions {
  origin: string;
  botId: string;
  lang: Lang;
  title: string | null;
}

/** The quick reply the bot offers when no person can come (src/handoff/outcome-phrases.ts LEAVE_MESSAGE_TEXT). */
const LEAVE_MESSAGE_REPLIES = new Set(['我要留言', 'Leave a message']);
/** The system message that asks for a rating after an agent closed (src/handoff/desk.ts). */
const RATING_REQUEST_KIND = 'handoff.rating_request';
const SECONDS_PER_MINUTE = 60;
/** Waits are said in whole minutes, never "0 minutes". */
const MIN_SPOKEN_MINUTES = 1;
const STAR_SCORES = [1, 2, 3, 4, 5];
/** After this long without a keystroke the customer is no longer "typing" for the agent. */
const TYPING_IDLE_MS = 3_000;
/** The server's limit for a rating comment (src/handoff/ratings.ts MAX_RATING_COMMENT_LENGTH). */
const MAX_RATING_COMMENT_LENGTH = 500;

export class Widget {
  private readonly t: Texts;
  private readonly connection: Connection;
  private started = false;
  private readonly bySeq = new Map<number, HTMLElement>();
  private readonly pendingByClientId = new Map<string, HTMLElement>();
  private handoffStatus: HandoffView['status'] | null = null;
  /** The notice shows 「当前咨询人数较多…」: the next reply takes it away. */
  private busyShown = false;
  private typingIdle: ReturnType<typeof setTimeout> | null = null;

  private readonly launcher: HTMLButtonElement;
  private readonly panel: HTMLElement;
  private readonly log: HTMLElement;
  private readonly queue: HTMLElement;
  private readonly notice: HTMLElement;
  private readonly typing: HTMLElement;
  private readonly input: HTMLTextAreaElement;
  private readonly leaveForm: HTMLFormElement;
  private readonly ratingForm: HTMLFormElement;
  private readonly root: HTMLElement;

  constructor(private readonly options: WidgetOptions) {
    this.t = TEXTS[options.lang];
    const t = this.t;
    const title = options.title ?? t.title;
    this.connection = new Connection(options.origin, options.botId, options.lang, {
      messages: (list) => this.addMessages(list),
      typing: (on) => (this.typing.hidden = !on),
      handoff: (view) => this.showHandoff(view),
      refused: (id, message) => this.markRefused(id, message),
      fellBack: () => this.showNotice(t.offlineMode),
      busy: (message) => {
        this.busyShown = true;
        this.showNotice(message);
      },
    });

    this.launcher = h('button', { type: 'button', class: 'launcher', 'data-wendu': 'launcher', 'aria-label': t.open, 'aria-expanded': 'false', onclick: () => this.open() }, '💬 ', title);
    this.log = h('div', { class: 'log', role: 'log', 'aria-live': 'polite', 'aria-label': t.messages });
    this.queue = h('div', { class: 'status', 'data-wendu': 'queue', role: 'status', hidden: true });
    this.notice = h('div', { class: 'notice', role: 'status', hidden: true });
    this.typing = h('div', { class: 'typing', 'aria-live': 'polite', hidden: true }, t.typing);
    this.input = h('textarea', { 'data-wendu': 'input', 'aria-label': t.input, placeholder: t.placeholder, rows: 1 });
    this.input.addEventListener('keydown', (e) => {
      // Enter sends; Shift+Enter is a new line; Enter while choosing characters in an IME is not a send.
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        this.sendTyped();
      }
    });
    this.input.addEventListener('input', () => this.customerTyping());
    this.leaveForm = this.buildLeaveForm();
    this.ratingForm = this.buildRatingForm();
    this.panel = h(
      'div',
      { class: 'panel', role: 'dialog', 'aria-label': title, hidden: true },
      h(
        'div',
        { class: 'header' },
        h('h2', {}, title),
        h('button', { type: 'button', 'data-wendu': 'handoff', onclick: () => this.send(t.handoffText) }, t.handoff),
        h('button', { type: 'button', class: 'close', 'aria-label': t.close, onclick: () => this.close() }, '×'),
      ),
      this.queue,
      this.notice,
      this.log,
      this.typing,
      this.leaveForm,
      this.ratingForm,
      h(
        'form',
        { class: 'composer', onsubmit: (e: Event) => (e.preventDefault(), this.sendTyped()) },
        this.input,
        h('button', { type: 'submit', 'data-wendu': 'send', 'aria-label': t.send }, t.send),
      ),
    );
    this.panel.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') this.close();
    });
    this.root = h('div', { class: 'root' }, this.launcher, this.panel);
  }

  mount(): void {
    const host = h('div', { id: 'wendu-widget' });
    const shadow = host.attachShadow({ mode: 'open' });
    shadow.adoptedStyleSheets = [widgetStyles()];
    shadow.append(this.root);
    document.body.append(host);
  }

  open(): void {
    if (!this.started) {
      this.started = true;
      this.connection.start();
    }
    this.panel.hidden = false;
    this.launcher.hidden = true;
    this.launcher.setAttribute('aria-expanded', 'true');
    this.root.classList.add('open');
    this.input.focus();
    this.scrollToEnd();
    this.markRead();
  }

  close(): void {
    this.panel.hidden = true;
    this.launcher.hidden = false;
    this.launcher.setAttribute('aria-expanded', 'false');
    this.root.classList.remove('open');
    this.launcher.focus();
  }

  private sendTyped(): void {
    const text = this.input.value.trim();
    if (!text) return;
    this.input.value = '';
    this.stopTyping();
    this.send(text);
  }

  private customerTyping(): void {
    if (this.typingIdle) clearTimeout(this.typingIdle);
    else this.connection.typing(true);
    this.typingIdle = setTimeout(() => this.stopTyping(), TYPING_IDLE_MS);
  }

  private stopTyping(): void {
    if (!this.typingIdle) return;
    clearTimeout(this.typingIdle);
    this.typingIdle = null;
    this.connection.typing(false);
  }

  /** Read receipts only for what is on screen: the panel is open. */
  private markRead(): void {
    if (this.panel.hidden) return;
    this.connection.markRead(Math.max(0, ...this.bySeq.keys()));
  }

  private send(text: string): void {
    if (LEAVE_MESSAGE_REPLIES.has(text)) {
      this.showForm(this.leaveForm);
      return;
    }
    const clientMessageId = newClientMessageId();
    const bubble = this.messageElement({ seq: 0, sender: 'customer', clientMessageId, text, content: [], meta: {} });
    bubble.removeAttribute('data-seq');
    bubble.setAttribute('data-pending', '');
    this.pendingByClientId.set(clientMessageId, bubble);
    this.log.append(bubble);
    this.scrollToEnd();
    this.connection.send(text, clientMessageId);
  }

  private addMessages(list: WireMessage[]): void {
    if (this.busyShown && list.some((m) => m.sender !== 'customer')) {
      this.busyShown = false;
      this.notice.hidden = true;
    }
    for (const m of [...list].sort((a, b) => a.seq - b.seq)) this.addMessage(m);
    this.scrollToEnd();
    this.markRead();
  }

  private addMessage(m: WireMessage): void {
    if (this.bySeq.has(m.seq)) return;
    let el: HTMLElement;
    const pending = m.clientMessageId ? this.pendingByClientId.get(m.clientMessageId) : undefined;
    if (pending) {
      this.pendingByClientId.delete(m.clientMessageId!);
      pending.removeAttribute('data-pending');
      pending.setAttribute('data-seq', String(m.seq));
      el = pending;
    } else {
      el = this.messageElement(m);
    }
    this.bySeq.set(m.seq, el);
    // Stored messages in seq order; pending ones (not stored yet) stay after them.
    const later = [...this.bySeq.entries()].filter(([seq]) => seq > m.seq).sort((a, b) => a[0] - b[0])[0];
    const firstPending = this.log.querySelector('[data-pending]');
    this.log.insertBefore(el, later ? later[1] : firstPending);
    if (m.sender !== 'customer') this.typing.hidden = true;
    if (m.sender === 'system' && m.meta?.kind === RATING_REQUEST_KIND && m.seq > this.ratedSeq()) this.showForm(this.ratingForm, m.seq);
  }

  private messageElement(m: WireMessage): HTMLElement {
    const t = this.t;
    const who = { customer: '', bot: t.bot, agent: t.agent, system: '' }[m.sender];
    const el = h(
      'div',
      { class: 'msg', 'data-wendu': 'message', 'data-sender': m.sender, 'data-seq': m.seq },
      who ? h('span', { class: 'who' }, who) : null,
      ...renderContent(m.content, m.text, { t, onReply: (text) => this.send(text) }),
    );
    // 👍/👎 on the bot's answers (messages that reply to a customer message), not on greetings.
    if (m.sender === 'bot' && typeof m.meta?.replyTo === 'number') el.append(this.feedbackButtons(m.seq));
    return el;
  }

  private feedbackButtons(seq: number): HTMLElement {
    const t = this.t;
    const vote = (helpful: boolean) => async () => {
      const conversationId = this.connection.conversationId;
      if (!conversationId) return;
      try {
        await this.connection.http('POST', `/api/v1/conversations/${conversationId}/feedback`, { seq, helpful });
        up.setAttribute('aria-pressed', String(helpful));
        down.setAttribute('aria-pressed', String(!helpful));
        thanks.hidden = false;
      } catch {
        this.showNotice(t.error);
      }
    };
    const up = h('button', { type: 'button', 'data-wendu': 'feedback-up', 'aria-pressed': 'false', onclick: vote(true) }, `👍 ${t.helpful}`);
    const down = h('button', { type: 'button', 'data-wendu': 'feedback-down', 'aria-pressed': 'false', onclick: vote(false) }, `👎 ${t.notHelpful}`);
    const thanks = h('span', { class: 'who', hidden: true }, t.thanks);
    return h('div', { class: 'feedback' }, up, down, thanks);
  }

  private markRefused(clientMessageId: string, message: string): void {
    const bubble = this.pendingByClientId.get(clientMessageId);
    this.pendingByClientId.delete(clientMessageId);
    bubble?.remove();
    // Nothing typed is lost: the refused text goes back into the box to be fixed (e.g. shortened).
    if (bubble && !this.input.value) this.input.value = bubble.textContent ?? '';
    this.showNotice(message);
  }

  private showHandoff(view: HandoffView): void {
    const t = this.t;
    const previous = this.handoffStatus;
    this.handoffStatus = view.status;
    if (view.status === 'queued' && view.position !== null) {
      const minutes = Math.max(MIN_SPOKEN_MINUTES, Math.round((view.estimatedWaitSeconds ?? 0) / SECONDS_PER_MINUTE));
      this.queue.textContent = t.queued(view.position, minutes);
    } else if (view.status === 'assigned') {
      this.queue.textContent = t.assigned(view.agentName ?? t.agent);
    } else if (view.status === 'offline') {
      this.queue.textContent = t.offline;
    }
    this.queue.hidden = !['queued', 'assigned', 'offline'].includes(view.status);
    // Told just now that no person can come: offer the message form right away.
    if (view.status === 'offline' && previous !== null && previous !== 'offline') this.showForm(this.leaveForm);
  }

  private showNotice(text: string): void {
    this.notice.textContent = text;
    this.notice.hidden = false;
  }

  private showForm(form: HTMLFormElement, ratingSeq?: number): void {
    if (ratingSeq !== undefined) form.dataset.seq = String(ratingSeq);
    form.hidden = false;
    form.querySelector<HTMLElement>('input, textarea, button')?.focus();
  }

  private get ratedKey(): string {
    return `wendu:${this.options.botId}:rated:${this.connection.conversationId ?? ''}`;
  }

  private ratedSeq(): number {
    try {
      return Number(localStorage.getItem(this.ratedKey) ?? 0);
    } catch {
      return 0;
    }
  }

  private buildLeaveForm(): HTMLFormElement {
    const t = this.t;
    const contact = h('input', { name: 'contact', autocomplete: 'tel', required: true });
    const text = h('textarea', { name: 'text', rows: 3, required: true });
    const error = h('div', { class: 'error', role: 'alert' });
    /** One id per form, so a double submit or a retry after a network error makes one ticket. */
    let clientMessageId = newClientMessageId();
    const form: HTMLFormElement = h(
      'form',
      { class: 'form', 'data-wendu': 'leave-message', 'aria-label': t.leaveTitle, hidden: true },
      h('h3', {}, t.leaveTitle),
      h('label', {}, t.contact, contact),
      h('label', {}, t.leaveText, text),
      error,
      h('div', { class: 'row' }, h('button', { type: 'button', class: 'secondary', onclick: () => (form.hidden = true) }, t.leaveCancel), h('button', { type: 'submit' }, t.leaveSubmit)),
    );
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      error.textContent = '';
      try {
        await this.connection.http('POST', `/api/v1/conversations/${this.connection.conversationId}/leave-message`, { contact: contact.value, text: text.value, clientMessageId });
        form.hidden = true;
        contact.value = '';
        text.value = '';
        clientMessageId = newClientMessageId();
        this.showNotice(t.leaveDone);
      } catch (err) {
        error.textContent = err instanceof HttpError ? err.message : t.error;
      }
    });
    return form;
  }

  private buildRatingForm(): HTMLFormElement {
    const t = this.t;
    let score = 0;
    const stars = STAR_SCORES.map((n) =>
      h('button', { type: 'button', 'aria-label': t.stars(n), 'aria-pressed': 'false', 'data-score': n, onclick: () => pick(n) }, '★'),
    );
    const pick = (n: number) => {
      score = n;
      stars.forEach((s, i) => s.setAttribute('aria-pressed', String(i < n)));
    };
    const comment = h('textarea', { name: 'comment', rows: 2, maxlength: MAX_RATING_COMMENT_LENGTH });
    const error = h('div', { class: 'error', role: 'alert' });
    const form: HTMLFormElement = h(
      'form',
      { class: 'form', 'data-wendu': 'rating', 'aria-label': t.rateTitle, hidden: true },
      h('h3', {}, t.rateTitle),
      h('div', { class: 'stars', role: 'group', 'aria-label': t.rateTitle }, ...stars),
      h('label', {}, t.comment, comment),
      error,
      h('div', { class: 'row' }, h('button', { type: 'submit' }, t.rateSubmit)),
    );
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      if (score === 0) {
        error.textContent = t.rateTitle;
        return;
      }
      try {
        await this.connection.http('POST', `/api/v1/conversations/${this.connection.conversationId}/rating`, { score, ...(comment.value.trim() ? { comment: comment.value } : {}) });
        form.hidden = true;
        try {
          localStorage.setItem(this.ratedKey, form.dataset.seq ?? '0');
        } catch {
          // Without storage the form may ask again after a reload; rating again just replaces.
        }
        this.showNotice(t.rateDone);
      } catch (err) {
        error.textContent = err instanceof HttpError ? err.message : t.error;
      }
    });
    return form;
  }

  private scrollToEnd(): void {
    this.log.scrollTop = this.log.scrollHeight;
  }
}
