/** Conversations: customers, the append-only message log, read receipts, dialog state, signed profiles. */
export * from './schemas.js';
export { ConversationService, MAX_ENTRY_COUNTS } from './service.js';
export type { StartConversationInput } from './service.js';
export { assertSignedProfile, canonicalJson, profileExpiryProblem, signatureMatches, signProfile, verifyProfile } from './customer-profile.js';
export {
  ANONYMOUS_EXTERNAL_ID_PREFIX,
  CONVERSATION_ID_PREFIX,
  CUSTOMER_ID_PREFIX,
  MESSAGE_ID_PREFIX,
  newAnonymousExternalId,
} from './ids.js';
