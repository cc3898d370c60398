/**
 * Every migration, listed statically (not found by scanning a folder) so the same list works
 * from `src/` under tsx and from `dist/` after a build. Names sort in the order they run;
 * append new ones (conversations, messages, hand-off …) with the next number.
 */
import type { Migration, MigrationProvider } from 'kysely';
import type { SqlDialect } from '../dialect.js';
import { knowledgeMigration } from './0001-knowledge.js';
import { conversationsMigration } from './0002-conversations.js';
import { flowsMigration } from './0003-flows.js';
import { auditLogMigration } from './0004-audit-log.js';
import { accountsMigration } from './0005-accounts.js';
import { workspaceKnowledgeMigration } from './0006-workspace-knowledge.js';
import { botsAndConversationsMigration } from './0007-bots-and-conversations.js';
import { handoffMigration } from './0008-handoff.js';
import { handoffSettingsMigration } from './0009-handoff-settings.js';
import { ticketsAndRatingsMigration } from './0010-tickets-and-ratings.js';
import { cannedRepliesMigration } from './0011-canned-replies.js';
import { handoffOffersMigration } from './0012-handoff-offers.js';
import { assistFeedbackMigration } from './0013-assist-feedback.js';
import { agentSkillsMigration } from './0014-agent-skills.js';
import { answerFeedbackMigration } from './0015-answer-feedback.js';
import { userDictionaryMigration } from './0016-user-dictionary.js';
import { pendingSimilarQuestionsMigration } from './0017-pending-similar-questions.js';
import { lexiconSwitchesMigration } from './0019-lexicon-switches.js';
import { unresolvedInboxMigration } from './0022-unresolved-inbox.js';
import { workspaceRetentionMigration } from './0023-workspace-retention.js';
import { learnedQuestionsMigration } from './0024-learned-questions.js';
import { calibrationHistoryMigration } from './0025-calibration-history.js';
import { knowledgeReviewsMigration } from './0026-knowledge-reviews.js';
import { partialMessageIndexesMigration } from './0027-partial-message-indexes.js';

export function migrationsFor(dialect: SqlDialect): Record<string, Migration> {
  return {
    '0001-knowledge': knowledgeMigration(dialect),
    '0002-conversations': conversationsMigration(),
    '0003-flows': flowsMigration(),
    '0004-audit-log': auditLogMigration(dialect),
    '0005-accounts': accountsMigration(),
    '0006-workspace-knowledge': workspaceKnowledgeMigration(dialect),
    '0007-bots-and-conversations': botsAndConversationsMigration(dialect),
    '0008-handoff': handoffMigration(),
    '0009-handoff-settings': handoffSettingsMigration(),
    '0010-tickets-and-ratings': ticketsAndRatingsMigration(dialect),
    '0011-canned-replies': cannedRepliesMigration(),
    '0012-handoff-offers': handoffOffersMigration(),
    '0013-assist-feedback': assistFeedbackMigration(),
    '0014-agent-skills': agentSkillsMigration(),
    '0015-answer-feedback': answerFeedbackMigration(),
    '0016-user-dictionary': userDictionaryMigration(),
    '0017-pending-similar-questions': pendingSimilarQuestionsMigration(),
    '0019-lexicon-switches': lexiconSwitchesMigration(),
    '0022-unresolved-inbox': unresolvedInboxMigration(),
    '0023-workspace-retention': workspaceRetentionMigration(),
    '0024-learned-questions': learnedQuestionsMigration(),
    '0025-calibration-history': calibrationHistoryMigration(),
    '0026-knowledge-reviews': knowledgeReviewsMigration(),
    '0027-partial-message-indexes': partialMessageIndexesMigration(),
  };
}

export class StaticMigrationProvider implements MigrationProvider {
  constructor(private readonly dialect: SqlDialect) {}

  async getMigrations(): Promise<Record<string, Migration>> {
    return migrationsFor(this.dialect);
  }
}
