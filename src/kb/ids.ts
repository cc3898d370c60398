/**
 * Entry ids people can read aloud and type: a prefix and random characters from an alphabet
 * without look-alikes (0/o, 1/l/i), e.g. `kb-7hx3m2qa`.
 */
import { randomInt } from 'node:crypto';

export const ENTRY_ID_PREFIX = 'kb-';
const ID_ALPHABET = '23456789abcdefghjkmnpqrstuvwxyz';
/** 31^8 ≈ 8.5e11 ids: collisions are practically impossible and are retried anyway. */
const ID_RANDOM_LENGTH = 8;

export function newEntryId(): string {
  let id = ENTRY_ID_PREFIX;
  for (let i = 0; i < ID_RANDOM_LENGTH; i++) id += ID_ALPHABET[randomInt(ID_ALPHABET.length)];
  return id;
}
