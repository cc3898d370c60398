/**
 * Server configuration: validated ONCE at boot against a schema that holds every default,
 * then frozen (fastify's initial-config-validation style). Sources, strongest first:
 * explicit overrides (CLI flags) → environment → schema defaults.
 */
import { z } from 'zod';
import { WenduError } from '../errors/index.js';

/** 1 MiB: a chat message or a JSON entry is far smaller; anything bigger is a mistake or abuse. */
export const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;
/** 10 MiB: room for an Excel file with tens of thousands of knowledge entries. */
export const DEFAULT_MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
/** A customer may send this many chat messages in a burst ... */
export const DEFAULT_CHAT_BURST = 20;
/** ... and then one more every 1/refill seconds, per IP address. */
export const DEFAULT_CHAT_REFILL_PER_SECOND = 2;
export const DEFAULT_PORT = 3000;
/** A shorter HMAC key can be guessed; the generated one is 32 random bytes (see bot-secret.ts). */
export const MIN_BOT_SECRET_LENGTH = 16;
export const MAX_PORT = 65535;
/**
 * Loopback only unless told otherwise: a fresh install must not put an admin-less server on
 * the network. Set HOST=0.0.0.0 (or --host) behind a firewall, reverse proxy or in a container.
 */
export const DEFAULT_HOST = '127.0.0.1';
/**
 * A signed customer profile may be trusted for at most this long after it is checked: a site
 * signs a profile per page view, so a day covers any visit and a leaked signature soon dies.
 */
export const DEFAULT_PROFILE_MAX_LIFETIME_SECONDS = 24 * 60 * 60;
/**
 * After a crash, customer messages left without a reply are answered at the next start — but
 * only those this recent: a customer who wrote two days ago must not get an answer out of the blue.
 */
export const DEFAULT_UNANSWERED_RECOVERY_HOURS = 2;

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export const ServerConfigSchema = z
  .object({
    /** 0 asks the OS for a free port (tests). */
    port: z.coerce.number().int().min(0).max(MAX_PORT).default(DEFAULT_PORT),
    host: z.string().min(1).default(DEFAULT_HOST),
    /** Folder of the embedded SQLite database; a new folder starts with an empty knowledge base. */
    dataDir: z.string().min(1).default('./data'),
    /** postgres://… selects PostgreSQL instead of the embedded SQLite file. */
    databaseUrl: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL 必须以 postgres:// 或 postgresql:// 开头')
      .nullable()
      .default(null),
    /** Load the demo knowledge base — only ever into an empty knowledge base. */
    demo: z.boolean().default(false),
    /**
     * Key of the signed customer profiles (docs/customer-profile.md). Absent → generated once and
     * kept in `<dataDir>/bot-secret`; set it when several instances share one database.
     */
    botSecret: z
      .string()
      .min(MIN_BOT_SECRET_LENGTH, `WENDU_BOT_SECRET 至少需要 ${MIN_BOT_SECRET_LENGTH} 个字符`)
      .nullable()
      .default(null),
    logLevel: z.enum(LOG_LEVELS).default('info'),
    /** Longest a signed profile's `expiresAt` may lie ahead (WENDU_PROFILE_MAX_LIFETIME_SECONDS). */
    profileMaxLifetimeSeconds: z.coerce.number().int().min(1).default(DEFAULT_PROFILE_MAX_LIFETIME_SECONDS),
    /** Unanswered customer messages younger than this are answered at start-up; 0 turns recovery off (WENDU_RECOVERY_HOURS). */
    unansweredRecoveryHours: z.coerce.number().min(0).default(DEFAULT_UNANSWERED_RECOVERY_HOURS),
    /** Behind nginx or a load balancer: take the client IP (for rate limits) from X-Forwarded-For. */
    trustProxy: z.boolean().default(false),
    bodyLimit: z.coerce.number().int().min(1024).default(DEFAULT_BODY_LIMIT_BYTES),
    maxUploadBytes: z.coerce.number().int().min(1024).default(DEFAULT_MAX_UPLOAD_BYTES),
    chatRateLimit: z
      .object({
        burst: z.coerce.number().int().min(1).default(DEFAULT_CHAT_BURST),
        refillPerSecond: z.coerce.number().positive().default(DEFAULT_CHAT_REFILL_PER_SECOND),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export type ServerConfigInput = z.input<typeof ServerConfigSchema>;
export type ServerConfig = Readonly<Omit<z.output<typeof ServerConfigSchema>, 'chatRateLimit'>> & {
  readonly chatRateLimit: Readonly<z.output<typeof ServerConfigSchema>['chatRateLimit']>;
};

export interface ConfigFieldProblem {
  field: string;
  message: string;
}

/** Environment variables Wendu reads, and the field each one sets. */
function fromEnv(env: NodeJS.ProcessEnv): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const set = (key: string, value: string | undefined) => {
    if (value !== undefined && value !== '') out[key] = value;
  };
  set('port', env.PORT);
  set('host', env.HOST);
  set('dataDir', env.WENDU_DATA);
  set('databaseUrl', env.DATABASE_URL);
  set('logLevel', env.LOG_LEVEL);
  set('botSecret', env.WENDU_BOT_SECRET);
  set('profileMaxLifetimeSeconds', env.WENDU_PROFILE_MAX_LIFETIME_SECONDS);
  set('unansweredRecoveryHours', env.WENDU_RECOVERY_HOURS);
  if (env.WENDU_TRUST_PROXY) out.trustProxy = ['1', 'true', 'yes'].includes(env.WENDU_TRUST_PROXY.toLowerCase());
  set('bodyLimit', env.WENDU_BODY_LIMIT);
  set('maxUploadBytes', env.WENDU_MAX_UPLOAD_BYTES);
  const rate: Record<string, string> = {};
  if (env.WENDU_CHAT_BURST) rate.burst = env.WENDU_CHAT_BURST;
  if (env.WENDU_CHAT_REFILL_PER_SECOND) rate.refillPerSecond = env.WENDU_CHAT_REFILL_PER_SECOND;
  if (Object.keys(rate).length > 0) out.chatRateLimit = rate;
  return out;
}

function dropUndefined(input: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
}

/**
 * Build the frozen server configuration. Throws WenduError('WENDU_CONFIG_INVALID',
 * { problems: [{ field, message }] }) naming every bad field at once.
 */
export function loadServerConfig(
  overrides: Partial<ServerConfigInput> = {},
  env: NodeJS.ProcessEnv = process.env,
): ServerConfig {
  const envValues = fromEnv(env);
  const given = dropUndefined(overrides as Record<string, unknown>);
  const merged: Record<string, unknown> = { ...envValues, ...given };
  if (envValues.chatRateLimit || given.chatRateLimit) {
    merged.chatRateLimit = {
      ...(envValues.chatRateLimit as object | undefined),
      ...(given.chatRateLimit as object | undefined),
    };
  }
  const parsed = ServerConfigSchema.safeParse(merged);
  if (!parsed.success) {
    const problems: ConfigFieldProblem[] = parsed.error.issues.map((issue) => ({
      field: issue.path.length > 0 ? issue.path.join('.') : '(root)',
      message: issue.message,
    }));
    throw new WenduError('WENDU_CONFIG_INVALID', { problems }, formatConfigProblems(problems));
  }
  const config = parsed.data;
  Object.freeze(config.chatRateLimit);
  return Object.freeze(config);
}

/** One line per bad field, for the terminal. */
export function formatConfigProblems(problems: ConfigFieldProblem[]): string {
  const lines = problems.map((p) => `  - ${p.field}: ${p.message}`);
  return ['WENDU_CONFIG_INVALID 配置不合法 (invalid configuration):', ...lines].join('\n');
}

/** Exit code for an invalid configuration (distinct from 1 = the command itself failed). */
export const EXIT_CONFIG_INVALID = 2;
