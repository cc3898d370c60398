/**
 * Ids for customers, conversations and messages. Conversation and anonymous customer ids are
 * what a browser keeps to come back, so they carry enough randomness (≈ 99 bits) that nobody
 * can guess another visitor's; resuming also checks ownership, this is the second fence.
 */
import { randomInt } from 'node:crypto';

/** No look-alikes (0/o, 1/l/i), so ids survive being read out over the phone. */
const ID_ALPHABET = '23456789abcdefghjkmnpqrstuvwxyz';
/** 31^20 ≈ 6.7e29 possible ids. */
const ID_RANDOM_LENGTH = 20;

export const CUSTOMER_ID_PREFIX = 'cu-';
export const CONVERSATION_ID_PREFIX = 'cv-';
export const MESSAGE_ID_PREFIX = 'msg-';
/** External ids Wendu generates for visitors the embedding site did not identify. */
export const ANONYMOUS_EXTERNAL_ID_PREFIX = 'anon-';

function randomId(prefix: string): string {
  let id = prefix;
  for (let i = 0; i < ID_RANDOM_LENGTH; i++) id += ID_ALPHABET[randomInt(ID_ALPHABET.length)];
  return id;
}

export const newCustomerId = (): string => randomId(CUSTOMER_ID_PREFIX);
export const newConversationId = (): string => randomId(CONVERSATION_ID_PREFIX);
export const newMessageId = (): string => randomId(MESSAGE_ID_PREFIX);
export const newAnonymousExternalId = (): string => randomId(ANONYMOUS_EXTERNAL_ID_PREFIX);
