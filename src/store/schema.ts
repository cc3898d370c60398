/**
 * Table types for kysely. One schema for SQLite and PostgreSQL, so only portable column
 * types are used: text, integer, and JSON stored as text. Timestamps are ISO-8601 text
 * (`Date#toISOString()`), which sorts correctly as text on both databases.
 */
import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

/** A JSON value serialised with `JSON.stringify`; parsed by the repository that owns the table. */
export type JsonText = string;
/** `Date#toISOString()` output. */
export type IsoText = string;

export interface KnowledgeEntriesTable {
  /** The owning workspace; keys are (workspace_id, id), so ids repeat across workspaces. */
  workspace_id: string;
  id: string;
  question: string;
  /** JSON string[] */
  similar_questions: JsonText;
  /** JSON string[]: customers' condensed phrasings approved through learning (migration 0024). */
  learned_questions: Generated<JsonText>;
  /** JSON AnswerBlock[] */
  answer: JsonText;
  /** JSON Partial<Record<Channel, AnswerBlock[]>> */
  channel_answers: JsonText;
  category: string | null;
  /** JSON string[] */
  tags: JsonText;
  status: string;
  valid_from: IsoText | null;
  valid_to: IsoText | null;
  version: number;
  created_at: IsoText;
  updated_at: IsoText;
  updated_by: string;
}

export interface KnowledgeVersionsTable {
  workspace_id: string;
  entry_id: string;
  version: number;
  /** JSON EntryFields & { id } — the whole entry as it was at this version. */
  snapshot: JsonText;
  /** created | updated | archived | restored | imported */
  change: string;
  changed_by: string;
  changed_at: IsoText;
}

export interface SynonymGroupsTable {
  workspace_id: string;
  id: Generated<number>;
  /** JSON string[]; the first term is the canonical one. */
  terms: JsonText;
  created_at: IsoText;
}

/** One word of a workspace's user dictionary (the segmenter keeps it whole). */
export interface UserDictionaryWordsTable {
  workspace_id: string;
  word: string;
  /** The operator's order of the words (0, 1, 2 …). */
  position: number;
}

/** A shipped lexicon group (src/nlu/lexicons/service-lexicon.ts) a workspace switched off. */
export interface LexiconDisabledGroupsTable {
  workspace_id: string;
  group_id: string;
  disabled_at: IsoText;
}

export interface SettingsTable {
  key: string;
  value: JsonText;
}

export interface BotsTable {
  id: string;
  workspace_id: string;
  name: string;
  /** JSON: the bot's stored settings over the defaults (src/config/settings.ts). */
  settings: JsonText;
  /** JSON string[]: site origins (`https://shop.example.cn`) whose pages may embed this bot. */
  allowed_origins: JsonText;
  /** JSON string[]: hosts this bot's flow `call` nodes may reach (set by admins only). */
  call_hosts: JsonText;
  /** HMAC key of this bot's signed customer profiles; null → the server's WENDU_BOT_SECRET (the default bot). */
  signing_secret: string | null;
  /** JSON: the bot's hand-off settings (src/handoff/types.ts); null → DEFAULT_HANDOFF_SETTINGS. */
  handoff: JsonText | null;
  created_at: IsoText;
  updated_at: IsoText;
}

export interface CustomersTable {
  id: string;
  workspace_id: string;
  /** The embedding site's user id, or a generated `anon-…` id for an anonymous visitor. */
  external_id: string;
  name: string | null;
  /** JSON string[] */
  tags: JsonText;
  vip_level: number;
  channel: string | null;
  /** JSON Record<string, unknown> */
  attributes: JsonText;
  /** 1 when the profile came signed by the embedding site, else 0. */
  verified: number;
  created_at: IsoText;
  updated_at: IsoText;
}

export interface ConversationsTable {
  id: string;
  workspace_id: string;
  bot_id: string;
  customer_id: string;
  channel: string;
  /** open | closed */
  status: string;
  /** The seq of the newest message; the next message gets last_seq + 1. */
  last_seq: number;
  /** JSON, opaque to storage: the dialog engine's context and flow state. */
  state: JsonText | null;
  state_version: number;
  created_at: IsoText;
  updated_at: IsoText;
}

export interface MessagesTable {
  id: string;
  workspace_id: string;
  conversation_id: string;
  seq: number;
  /** customer | bot | agent | system */
  sender: string;
  sender_id: string | null;
  client_message_id: string | null;
  text: string;
  /** JSON RichBlock[] */
  content: JsonText;
  /** JSON Record<string, unknown> */
  meta: JsonText;
  /** Copy of meta.replyTo (indexed). */
  reply_to: number | null;
  /** Copy of meta.entryId (indexed). */
  entry_id: string | null;
  created_at: IsoText;
}

export interface ReadReceiptsTable {
  conversation_id: string;
  /** customer | agent */
  reader: string;
  last_read_seq: number;
  updated_at: IsoText;
}

export interface FlowsTable {
  /** The owning workspace; keys are (workspace_id, id), so ids repeat across workspaces. */
  workspace_id: string;
  id: string;
  name: string;
  /** JSON FlowFields (src/flows/schemas.ts): the whole flow; id, name, status are columns too, for listing. */
  definition: JsonText;
  /** draft | published | archived */
  status: string;
  version: number;
  created_at: IsoText;
  updated_at: IsoText;
  updated_by: string;
}

export interface FlowVersionsTable {
  workspace_id: string;
  flow_id: string;
  version: number;
  /** JSON FlowFields — the whole flow as it was at this version. */
  snapshot: JsonText;
  /** created | updated | archived | restored */
  change: string;
  changed_by: string;
  changed_at: IsoText;
}

export interface AuditLogTable {
  id: Generated<number>;
  workspace_id: string;
  /** `user:<email>` or `api_key:<name>` (Principal.actor), or `system` / `demo` for start-up work. */
  actor: string;
  /** created | updated | archived | restored | imported | deleted | revoked | … */
  action: string;
  /** knowledge_entry | flow | synonym_group | bot_settings | user | api_key | … */
  target_type: string;
  target_id: string;
  /** JSON, the target before the change (null when created). */
  before: JsonText | null;
  /** JSON, the target after the change (null when deleted). */
  after: JsonText | null;
  created_at: IsoText;
}

export interface WorkspacesTable {
  id: string;
  name: string;
  created_at: IsoText;
  /** Days after the last message a conversation's text is kept (src/privacy/customer-data.ts); null keeps it. */
  retention_days: number | null;
  /** JSON ReviewSettings (src/config/settings.ts, migration 0026); null → the defaults. */
  review: JsonText | null;
}

export interface UsersTable {
  id: string;
  workspace_id: string;
  /** Lower-cased and trimmed; unique across the installation (one login, one workspace). */
  email: string;
  name: string;
  /** admin | supervisor | agent (src/auth/access.ts ROLES) */
  role: string;
  /** argon2id PHC string; never leaves src/auth/repository.ts. */
  password_hash: string;
  /** 1 when the account may not log in (its sessions stop working too). */
  disabled: number;
  created_at: IsoText;
  updated_at: IsoText;
}

export interface AuthTokensTable {
  /** SHA-256 (hex) of the session token; the token itself is only ever with the client. */
  token_hash: string;
  user_id: string;
  created_at: IsoText;
  expires_at: IsoText;
  revoked_at: IsoText | null;
}

export interface ApiKeysTable {
  id: string;
  workspace_id: string;
  name: string;
  /** supervisor | agent — an API key is never admin (src/auth/service.ts). */
  role: string;
  /** SHA-256 (hex) of the key. */
  key_hash: string;
  /** The key's first characters (`wdk_AbCd`), so an admin can tell keys apart. */
  prefix: string;
  /** Principal.actor of the admin who made it. */
  created_by: string;
  created_at: IsoText;
  last_used_at: IsoText | null;
  revoked_at: IsoText | null;
}

export interface HandoffsTable {
  id: string;
  workspace_id: string;
  bot_id: string;
  conversation_id: string;
  customer_id: string;
  /** queued | assigned | closed | offline (src/handoff/types.ts HANDOFF_STATUSES) */
  status: string;
  /** src/handoff/types.ts HANDOFF_REASONS */
  reason: string;
  detail: string | null;
  group_id: string;
  /** Higher is served first (VIP, angry customers). */
  priority: number;
  /** The user who has it; null while queued. */
  agent_id: string | null;
  queued_at: IsoText;
  assigned_at: IsoText | null;
  closed_at: IsoText | null;
  /** JSON string[]: what the agent tagged the conversation with on close. */
  close_tags: JsonText;
  /** Seconds from (last) assignment to close; the wait estimate's history. */
  handling_seconds: number | null;
}

export interface HandoffHistoryTable {
  id: string;
  workspace_id: string;
  handoff_id: string;
  /** requested | assigned | transferred | closed | requeued */
  kind: string;
  /** The user id who acted, or `system`. */
  actor: string;
  /** JSON: what changed (group, agents, the internal note). Never shown to the customer. */
  details: JsonText;
  created_at: IsoText;
}

export interface AgentPresenceTable {
  user_id: string;
  workspace_id: string;
  /** online | busy | away | offline (src/handoff/types.ts AGENT_PRESENCES) */
  status: string;
  /** The agent's own limit of conversations at once; null → the bot's maxConcurrentPerAgent. */
  max_concurrent: number | null;
  updated_at: IsoText;
  /** Set while a disconnected agent's grace runs (their last socket closed); due → conversations back to the queue (src/handoff/timers.ts). */
  grace_until: IsoText | null;
  /** JSON string[]: the skill groups the agent serves; null → every group. */
  groups: JsonText | null;
}

export interface HandoffOffersTable {
  id: string;
  workspace_id: string;
  bot_id: string;
  handoff_id: string;
  agent_id: string;
  /** open | accepted | declined | expired | withdrawn (src/handoff/offers.ts OFFER_STATUSES) */
  status: string;
  offered_at: IsoText;
  expires_at: IsoText;
  decided_at: IsoText | null;
}

export interface TicketsTable {
  id: string;
  workspace_id: string;
  bot_id: string;
  conversation_id: string;
  customer_id: string;
  /** Normalised phone number, e-mail or WeChat id (src/handoff/ticket-schemas.ts). */
  contact: string;
  /** phone | email | wechat */
  contact_kind: string;
  text: string;
  /** The widget's id for this left message, so a retry finds this ticket; null when none was sent. */
  client_message_id: string | null;
  /** open | pending | closed */
  status: string;
  /** The user who answers it; null until someone takes it. */
  owner_id: string | null;
  /** Seq of the newest ticket_events row; the next event gets last_event_seq + 1. */
  last_event_seq: number;
  created_at: IsoText;
  updated_at: IsoText;
}

export interface TicketEventsTable {
  ticket_id: string;
  /** 1, 2, 3 … per ticket. */
  seq: number;
  workspace_id: string;
  /** `customer:<id>` or Principal.actor (`user:<email>`). */
  actor: string;
  /** created | replied | assigned | closed */
  kind: string;
  text: string | null;
  at: IsoText;
}

export interface RatingsTable {
  id: Generated<number>;
  workspace_id: string;
  bot_id: string;
  conversation_id: string;
  customer_id: string;
  /** The hand-off rated; null when rated without one (one rating per conversation then). */
  handoff_id: string | null;
  /** 1–5 */
  score: number;
  comment: string | null;
  created_at: IsoText;
  updated_at: IsoText;
}

export interface CannedRepliesTable {
  id: string;
  workspace_id: string;
  /** The agent's user id, or `shared` for the workspace's own. */
  owner: string;
  shortcut: string;
  text: string;
  created_at: IsoText;
  updated_at: IsoText;
  updated_by: string;
}

/** An agent message that started from an assist suggestion (src/handoff/assist-feedback.ts). */
export interface AssistFeedbackTable {
  id: string;
  workspace_id: string;
  bot_id: string;
  conversation_id: string;
  /** The agent's message in the conversation. */
  message_seq: number;
  /** The latest customer message before it; null when the customer had said nothing yet. */
  customer_question: string | null;
  entry_id: string;
  suggested_answer: string;
  sent_text: string;
  /** 0/1: the agent changed the suggestion before sending. */
  edited: number;
  agent_id: string;
  at: IsoText;
}

/** A customer's 👍 / 👎 on one bot answer (src/conversation/answer-feedback.ts). */
/** What a customer's tap or rejection taught, waiting for an operator (src/kb/pending-questions.ts). */
export interface PendingQuestionsTable {
  id: string;
  workspace_id: string;
  bot_id: string;
  /** confirmed | rejected | handoff_after_answer (PendingQuestionKind). */
  kind: string;
  entry_id: string;
  /** The customer's phrasing, condensed (trimmed, no control characters). */
  phrasing: string;
  /** The phrasing normalised (simplified, half-width, lower case): the unique key. */
  phrasing_key: string;
  /** pending | approved | dismissed. */
  status: string;
  created_at: IsoText;
  decided_at: IsoText | null;
  decided_by: string | null;
}

/** One conversation that said a pending phrasing (counted, never counted twice). */
export interface PendingQuestionSightingsTable {
  question_id: string;
  conversation_id: string;
  seen_at: IsoText;
}

export interface AnswerFeedbackTable {
  id: string;
  workspace_id: string;
  bot_id: string;
  conversation_id: string;
  /** The bot's answer in the conversation. */
  message_seq: number;
  /** The knowledge entry the answer came from; null for flow and fallback replies. */
  entry_id: string | null;
  /** 0/1: 👍 = 1. */
  helpful: number;
  comment: string | null;
  created_at: IsoText;
  updated_at: IsoText;
}

/** A group of unresolved questions that mean the same (src/learning/inbox.ts). */
export interface UnresolvedClustersTable {
  id: string;
  workspace_id: string;
  /** open | dismissed | resolved. */
  status: string;
  label: string;
  created_at: IsoText;
  decided_at: IsoText | null;
  decided_by: string | null;
  /** JSON ClusterResolution: the action and its before / after; null while open. */
  resolution: string | null;
}

/** One question the bot could not settle, condensed, in its cluster. */
export interface UnresolvedQuestionsTable {
  id: string;
  workspace_id: string;
  bot_id: string;
  cluster_id: string;
  conversation_id: string;
  message_seq: number;
  /** fallback | rejected_clarification | thumbs_down | handoff_after_answer | repeated_misses | agent_answered. */
  reason: string;
  channel: string;
  text: string;
  entry_id: string | null;
  created_at: IsoText;
}

/** Character bigram → cluster: how a new question finds the clusters it may join. */
export interface UnresolvedClusterTermsTable {
  workspace_id: string;
  term: string;
  cluster_id: string;
}

/** One row per workspace, locked while a question picks its cluster. */
export interface UnresolvedInboxLocksTable {
  workspace_id: string;
}

/** One self-calibration of a bot, as it was computed (src/dialog/calibration/history.ts). */
export interface CalibrationHistoryTable {
  id: string;
  workspace_id: string;
  bot_id: string;
  computed_at: IsoText;
  status: string;
  entry_count: number;
  in_scope: number;
  answered_right: number;
  answered_wrong: number;
  asked_back: number;
  nothing: number;
  out_of_scope: number;
  out_of_scope_answered: number;
  confusable_pairs: number;
  /** JSON AnswerThresholds. */
  thresholds: string;
  /** JSON Record<ProbeKind, number>. */
  probes: string;
}

/** A proposed new entry or revision of one, waiting for an approver (src/review/, migration 0026). */
export interface KnowledgeReviewsTable {
  id: string;
  workspace_id: string;
  /** new_entry | entry_edit */
  kind: string;
  /** pending | approved | rejected */
  status: string;
  entry_id: string;
  base_version: number | null;
  /** JSON: the proposed entry fields (a patch for entry_edit). */
  proposed: JsonText;
  /** agent | inbox */
  source: string;
  source_ref: string | null;
  proposed_by: string;
  created_at: IsoText;
  decided_by: string | null;
  decided_at: IsoText | null;
}

/** One comment on a review item (a knowledge review or a pending similar question). */
export interface ReviewCommentsTable {
  id: string;
  workspace_id: string;
  review_id: string;
  author: string;
  /** comment | approved | rejected */
  action: string;
  text: string;
  created_at: IsoText;
}

export interface WenduSchema {
  knowledge_entries: KnowledgeEntriesTable;
  knowledge_versions: KnowledgeVersionsTable;
  synonym_groups: SynonymGroupsTable;
  user_dictionary_words: UserDictionaryWordsTable;
  lexicon_disabled_groups: LexiconDisabledGroupsTable;
  settings: SettingsTable;
  customers: CustomersTable;
  conversations: ConversationsTable;
  messages: MessagesTable;
  read_receipts: ReadReceiptsTable;
  flows: FlowsTable;
  flow_versions: FlowVersionsTable;
  audit_log: AuditLogTable;
  bots: BotsTable;
  workspaces: WorkspacesTable;
  users: UsersTable;
  auth_tokens: AuthTokensTable;
  api_keys: ApiKeysTable;
  handoffs: HandoffsTable;
  handoff_history: HandoffHistoryTable;
  agent_presence: AgentPresenceTable;
  handoff_offers: HandoffOffersTable;
  tickets: TicketsTable;
  ticket_events: TicketEventsTable;
  ratings: RatingsTable;
  canned_replies: CannedRepliesTable;
  assist_feedback: AssistFeedbackTable;
  answer_feedback: AnswerFeedbackTable;
  pending_questions: PendingQuestionsTable;
  pending_question_sightings: PendingQuestionSightingsTable;
  unresolved_clusters: UnresolvedClustersTable;
  unresolved_questions: UnresolvedQuestionsTable;
  unresolved_cluster_terms: UnresolvedClusterTermsTable;
  unresolved_inbox_locks: UnresolvedInboxLocksTable;
  calibration_history: CalibrationHistoryTable;
  knowledge_reviews: KnowledgeReviewsTable;
  review_comments: ReviewCommentsTable;
}

export type KnowledgeEntryRow = Selectable<KnowledgeEntriesTable>;
export type NewKnowledgeEntryRow = Insertable<KnowledgeEntriesTable>;
export type KnowledgeEntryUpdate = Updateable<KnowledgeEntriesTable>;
export type KnowledgeVersionRow = Selectable<KnowledgeVersionsTable>;
export type SynonymGroupRow = Selectable<SynonymGroupsTable>;
export type BotRow = Selectable<BotsTable>;
export type CustomerRow = Selectable<CustomersTable>;
export type ConversationRow = Selectable<ConversationsTable>;
export type MessageRow = Selectable<MessagesTable>;
export type NewMessageRow = Insertable<MessagesTable>;
export type ReadReceiptRow = Selectable<ReadReceiptsTable>;
export type FlowRow = Selectable<FlowsTable>;
export type UserRow = Selectable<UsersTable>;
export type ApiKeyRow = Selectable<ApiKeysTable>;
export type HandoffRow = Selectable<HandoffsTable>;
export type TicketRow = Selectable<TicketsTable>;
export type TicketEventRow = Selectable<TicketEventsTable>;
export type RatingRow = Selectable<RatingsTable>;
