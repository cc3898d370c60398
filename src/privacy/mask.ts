/**
 * Personal data masked wherever text leaves the conversation (issue 11): the learning inbox,
 * analytics, agent-assist summaries. Raw text stays only in the conversation itself and in what
 * the customer's own agent sees.
 *
 * | kind | found by | shown as |
 * |---|---|---|
 * | mainland mobile | 1[3-9] + 9 digits (+86 allowed) | 138****5678 |
 * | ID card | 18 characters with a valid date of birth and checksum (GB 11643) | 110***********123X |
 * | bank card | 16–19 digits (groups of 4 allowed) passing the Luhn check | 6222 **** **** 1234 style: first 4, last 4 |
 * | e-mail | local@domain | a***@domain |
 * | street address | a road / street / lane name followed by a door number, and building / unit / room numbers | the numbers as * |
 *
 * Numbers that fail their checksum are left alone: an 18-digit order number is not an identity
 * card. A Luhn-valid order number of card length is masked — privacy wins over a readable order.
 */
import { extractEntities } from '../nlu/entities.js';

export type PersonalKind = 'phone' | 'id_card' | 'bank_card' | 'email' | 'address';

export interface PersonalSpan {
  kind: PersonalKind;
  start: number;
  end: number;
}

const ID_CARD = /(?<![0-9A-Za-z])(\d{6})(\d{4})(\d{2})(\d{2})(\d{3})([0-9Xx])(?![0-9A-Za-z])/g;
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK_CHARS = '10X98765432';
/** Years an ID card's date of birth may name. */
const ID_FIRST_YEAR = 1900;
const CARD = /(?<![\d])(?:\d{4}[ -]?){3}\d{4}(?:[ -]?\d{1,3})?(?![\d])/g;
const CARD_MIN_DIGITS = 16;
const CARD_MAX_DIGITS = 19;
/** Digits of a card kept at each end. */
const CARD_KEPT = 4;
/**
 * A road, street or lane with its door number, then building / unit / floor / room numbers; or a
 * residential compound's building / unit / room. Only the numbers are masked: 「张江路**号*栋****室」
 * still says which road, not which door.
 */
const ADDRESS = /(?:[\p{Script=Han}]{1,12}(?:路|街|大道|巷|弄|胡同|里))\s*\d+(?:-\d+)?\s*号(?:\s*(?:\d+|[A-Za-z])\s*(?:号楼|栋|幢|座|单元|楼|层|室|号))*|[\p{Script=Han}]{2,12}(?:小区|花园|公寓|大厦|家园|新村|苑)\s*(?:\d+|[A-Za-z])\s*(?:号楼|栋|幢|座)(?:\s*\d+\s*(?:单元|楼|层|室|号))*(?:\s*\d{3,4}(?!\d))?/gu;
const PHONE_KEPT_HEAD = 3;
const PHONE_KEPT_TAIL = 4;
const ID_KEPT_HEAD = 3;
const ID_KEPT_TAIL = 4;

/** Whether an 18-character ID card number has a real date of birth and the right check character. */
export function validIdCard(id: string): boolean {
  if (!/^\d{17}[0-9Xx]$/.test(id)) return false;
  const year = Number(id.slice(6, 10));
  const month = Number(id.slice(10, 12));
  const day = Number(id.slice(12, 14));
  const born = new Date(Date.UTC(year, month - 1, day));
  if (year < ID_FIRST_YEAR || born.getUTCMonth() !== month - 1 || born.getUTCDate() !== day || born.getTime() > Date.now()) return false;
  const sum = ID_WEIGHTS.reduce((n, w, i) => n + w * Number(id[i]), 0);
  return ID_CHECK_CHARS[sum % 11] === id[17].toUpperCase();
}

/** The Luhn check of a card number (digits only). */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** Every piece of personal data in `text`, left to right, none overlapping. */
export function findPersonal(text: string): PersonalSpan[] {
  const spans: PersonalSpan[] = [];
  for (const m of text.matchAll(ID_CARD)) if (validIdCard(m[0])) spans.push({ kind: 'id_card', start: m.index, end: m.index + m[0].length });
  for (const m of text.matchAll(CARD)) {
    const digits = m[0].replace(/\D/g, '');
    if (digits.length >= CARD_MIN_DIGITS && digits.length <= CARD_MAX_DIGITS && luhnValid(digits)) spans.push({ kind: 'bank_card', start: m.index, end: m.index + m[0].length });
  }
  for (const e of extractEntities(text)) if (e.type === 'phone' || e.type === 'email') spans.push({ kind: e.type, start: e.start, end: e.end });
  for (const m of text.matchAll(ADDRESS)) spans.push({ kind: 'address', start: m.index, end: m.index + m[0].length });
  // Earlier and longer first; a span inside one already taken is dropped (a phone inside a card).
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: PersonalSpan[] = [];
  for (const s of spans) if (!kept.some((k) => s.start < k.end && k.start < s.end)) kept.push(s);
  return kept;
}

/** `text` with every piece of personal data masked (see the table above). */
export function maskPersonal(text: string): string {
  let out = text;
  for (const span of findPersonal(text).reverse()) out = out.slice(0, span.start) + maskSpan(span.kind, text.slice(span.start, span.end)) + out.slice(span.end);
  return out;
}

function maskSpan(kind: PersonalKind, raw: string): string {
  switch (kind) {
    case 'phone': {
      const digits = raw.replace(/\D/g, '').slice(-11);
      return digits.slice(0, PHONE_KEPT_HEAD) + '*'.repeat(digits.length - PHONE_KEPT_HEAD - PHONE_KEPT_TAIL) + digits.slice(-PHONE_KEPT_TAIL);
    }
    case 'id_card':
      return raw.slice(0, ID_KEPT_HEAD) + '*'.repeat(raw.length - ID_KEPT_HEAD - ID_KEPT_TAIL) + raw.slice(-ID_KEPT_TAIL);
    case 'bank_card': {
      const digits = raw.replace(/\D/g, '');
      return digits.slice(0, CARD_KEPT) + '*'.repeat(digits.length - 2 * CARD_KEPT) + digits.slice(-CARD_KEPT);
    }
    case 'email': {
      const at = raw.indexOf('@');
      return raw.slice(0, 1) + '***' + raw.slice(at);
    }
    case 'address':
      return raw.replace(/\d/g, '*');
  }
}
