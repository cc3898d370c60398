/**
 * What the settings screens read and write, typed as the server sends it (src/config/settings.ts,
 * src/handoff/types.ts, src/workspaces/bots.ts, src/handoff/skills-routes.ts). Every path takes
 * the bot chosen at the top of the page.
 */
import { api, ApiError } from '../../../shared/api';

export interface BotSettings {
  answerThreshold: number;
  answerMargin: number;
  requireKeyWordMatch: boolean;
  /** 'auto': the bot's self-calibrated thresholds replace the three above once fitted (docs/confidence.md). */
  calibration: 'auto' | 'off';
  targetWrongRate: number;
  wrongFirstShare: number;
  clarifyThreshold: number;
  /** A runner-up is offered in 您是想问… only at this share of the top candidate's confidence. */
  clarifyRelativeFloor: number;
  maxSuggestions: number;
  maxMessageLength: number;
  maxQuestionsPerMessage: number;
  angerHandoffScore: number;
  maxConsecutiveFallbacks: number;
  locale: 'zh' | 'en';
  botName: string;
  greeting: string | null;
  disclosure: string | null;
  companyAddress: string | null;
  contacts: { label: string; value: string }[];
}

export interface TimeRange {
  from: string;
  to: string;
}
export type Weekday = '1' | '2' | '3' | '4' | '5' | '6' | '7';
export const WEEKDAYS: Weekday[] = ['1', '2', '3', '4', '5', '6', '7'];

export interface HandoffGroup {
  id: string;
  name: string;
  alwaysOpen: boolean;
  weekly: Partial<Record<Weekday, TimeRange[]>>;
  chineseCalendar: boolean;
  closures: { date: string; reason?: string }[];
  timeZone: string;
}

export interface HandoffSettings {
  groups: HandoffGroup[];
  defaultGroupId: string;
  topicRoutes: { category?: string; tag?: string; groupId: string }[];
  maxWaitSeconds: number;
  offerTimeoutSeconds: number;
  disconnectGraceSeconds: number;
  maxConcurrentPerAgent: number;
  defaultHandlingSeconds: number;
  keywordRules: { keywords: string[]; groupId?: string }[];
  vipDirect: boolean;
}

export interface HandoffView {
  settings: HandoffSettings;
  availability: Record<string, { open: boolean; opensAt: string | null; hoursText: string }>;
}

export interface Bot {
  id: string;
  name: string;
  allowedOrigins: string[];
  callHosts: string[];
}

export interface PersonSkills {
  userId: string;
  name: string;
  email: string;
  role: string;
  groups: string[] | null;
}

const q = (botId: string) => `?botId=${encodeURIComponent(botId)}`;

export const settingsApi = {
  bots: () => api<{ items: Bot[] }>('GET', '/api/v1/bots').then((r) => r.items),
  bot: (botId: string) => api<Bot>('GET', `/api/v1/bots/${encodeURIComponent(botId)}`),
  botSettings: (botId: string) => api<{ settings: BotSettings; defaults: BotSettings }>('GET', `/api/v1/bot/settings${q(botId)}`),
  saveBotSettings: (botId: string, patch: Partial<BotSettings>) => api<{ settings: BotSettings }>('PATCH', `/api/v1/bot/settings${q(botId)}`, patch),
  handoff: (botId: string) => api<HandoffView>('GET', `/api/v1/bot/handoff${q(botId)}`),
  saveHandoff: (botId: string, settings: HandoffSettings) => api<HandoffView>('PUT', `/api/v1/bot/handoff${q(botId)}`, settings),
  saveOrigins: (botId: string, allowedOrigins: string[]) => api<Bot>('PUT', `/api/v1/bots/${encodeURIComponent(botId)}/allowed-origins`, { allowedOrigins }),
  saveCallHosts: (botId: string, callHosts: string[]) => api<Bot>('PUT', `/api/v1/bots/${encodeURIComponent(botId)}/call-hosts`, { callHosts }),
  skills: () => api<{ people: PersonSkills[] }>('GET', '/api/v1/skills').then((r) => r.people),
  saveSkills: (userId: string, groups: string[] | null) => api<{ person: PersonSkills }>('PUT', `/api/v1/users/${encodeURIComponent(userId)}/skills`, { groups }),
};

export interface FieldIssue {
  path: string;
  message: string;
}

/** The server's validation issues (`details.issues`), or none when the error is of another kind. */
export function issuesOf(error: unknown): FieldIssue[] {
  if (!(error instanceof ApiError)) return [];
  const issues = (error.details as { issues?: FieldIssue[] } | undefined)?.issues;
  return Array.isArray(issues) ? issues : [];
}
