/**
 * Server configuration: validated ONCE at boot against a schema that holds every default,
 * then frozen (fastify's initial-config-validation style). Sources, strongest first:
 * explicit overrides (CLI flags) → environment → schema defaults.
 */
import proxyAddr from '@fastify/proxy-addr';
import { z } from 'zod';
import { WenduError } from '../errors/index.js';
import { DEFAULT_TURN_GATE_LIMITS } from '../dialog/turn-gate.js';
import { DEFAULT_BOT_TYPING_AFTER_MS } from '../channels/web/protocol.js';
import { DEFAULT_SHUTDOWN_DRAIN_MS } from '../server/shutdown.js';

/** The start of every Redis key of a deployment (WENDU_REDIS_PREFIX). */
export const DEFAULT_REDIS_KEY_PREFIX = 'wendu';
/** 1 MiB: a chat message or a JSON entry is far smaller; anything bigger is a mistake or abuse. */
export const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;
/** 10 MiB: room for an Excel file with tens of thousands of knowledge entries. */
export const DEFAULT_MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
/** A customer may send this many chat messages in a burst ... */
export const DEFAULT_CHAT_BURST = 20;
/** ... and then one more every 1/refill seconds, per IP address. */
export const DEFAULT_CHAT_REFILL_PER_SECOND = 2;
/**
 * The other rate-limit budgets (src/server/rate-limits.ts), each "a burst, then refilled at
 * a steady rate" like the chat budget above. Picked for a human customer and a busy shop;
 * every one is tunable through WENDU_<BUDGET>_BURST / WENDU_<BUDGET>_REFILL_PER_SECOND.
 */
export const DEFAULT_RATE_BUDGETS = {
  /** One conversation: a person types at most a message every two seconds for long. */
  conversation: { burst: 10, refillPerSecond: 0.5 },
  /** Typing indicators and read marks per address: frequent and cheap, never eat message sends. */
  signal: { burst: 60, refillPerSecond: 5 },
  /** One API key: a shop's back office syncing knowledge in a loop. */
  apiKey: { burst: 100, refillPerSecond: 10 },
  /** Knowledge imports per address: parsing a 10 MiB Excel file is seconds of CPU. */
  import: { burst: 3, refillPerSecond: 1 / 60 },
  /** `/api/v1/nlu/similarity` per address: every call runs the full matcher twice. */
  similarity: { burst: 20, refillPerSecond: 1 },
} as const;
/** Environment variable stem of each budget: WENDU_<STEM>_BURST / WENDU_<STEM>_REFILL_PER_SECOND. */
const RATE_BUDGET_ENV: Readonly<Record<keyof typeof DEFAULT_RATE_BUDGETS, string>> = {
  conversation: 'CONVERSATION',
  signal: 'SIGNAL',
  apiKey: 'API_KEY',
  import: 'IMPORT',
  similarity: 'SIMILARITY',
};
/** More hops than this is a misconfiguration, not a real proxy chain. */
export const MAX_TRUSTED_PROXY_HOPS = 10;
export const DEFAULT_PORT = 3000;
/** A shorter HMAC key can be guessed; the generated one is 32 random bytes (see bot-secret.ts). */
export const MIN_BOT_SECRET_LENGTH = 16;
export const MAX_PORT = 65535;
/** Login sessions last a shift plus margin (src/auth/service.ts DEFAULT_TOKEN_TTL_HOURS) ... */
export const DEFAULT_TOKEN_TTL_HOURS = 12;
/** ... and never more than 30 days: a stolen token must die on its own eventually. */
export const MAX_TOKEN_TTL_HOURS = 30 * 24;
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

const TRUST_PROXY_HELP =
  'WENDU_TRUST_PROXY 须为代理跳数（如 1）或代理地址列表（如 10.0.0.0/8,loopback）；' +
  '不再接受 true，它会信任任何人伪造的 X-Forwarded-For ' +
  '(give the number of proxy hops or the proxy addresses; `true` would trust any forged X-Forwarded-For)';

function compilesAsProxyList(list: string[]): boolean {
  try {
    proxyAddr.compile(list);
    return true;
  } catch {
    return false;
  }
}

function rateBudgetSchema(defaults: { burst: number; refillPerSecond: number }) {
  return z
    .object({
      burst: z.coerce.number().int().min(1).default(defaults.burst),
      refillPerSecond: z.coerce.number().positive().default(defaults.refillPerSecond),
    })
    .strict()
    .prefault({});
}

/**
 * WENDU_TRUST_PROXY as written by an operator → the config value. `0`, `false`, `no`, `off` →
 * off; digits → hops; anything else → a comma-separated list of proxy addresses. `true` / `yes`
 * are kept as themselves so validation refuses them with TRUST_PROXY_HELP: guessing "1 hop"
 * would silently trust a forged header on a server that is also reachable directly.
 */
export function trustProxySetting(raw: string): unknown {
  const value = raw.trim().toLowerCase();
  if (['', '0', 'false', 'no', 'off'].includes(value)) return false;
  if (/^\d+$/.test(value)) return Number(value);
  if (['true', 'yes', 'on'].includes(value)) return true;
  return raw.split(',').map((part) => part.trim()).filter((part) => part.length > 0);
}

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
    /**
     * Behind nginx or a load balancer: which X-Forwarded-For entries name the client (for rate
     * limits). `false`: none, the TCP peer is the client. A number N: the N nearest hops are our
     * proxies (the server must then be reachable ONLY through them). A list: the proxies'
     * addresses / CIDRs (`loopback`, `uniquelocal`, `10.0.0.0/8`, …) — the safest choice.
     * Never "trust whatever X-Forwarded-For says": `true` is refused (see trustProxySetting).
     */
    trustProxy: z
      .union([
        z.literal(false),
        z.number().int().min(0).max(MAX_TRUSTED_PROXY_HOPS),
        z.array(z.string().min(1)).min(1).refine(compilesAsProxyList, {
          message: 'WENDU_TRUST_PROXY 中有无法识别的地址或网段 (unrecognised proxy address or CIDR)',
        }),
      ], { error: TRUST_PROXY_HELP })
      .default(false)
      .transform((value) => (value === 0 ? false : value)),
    /**
     * redis://… runs several instances together (docs/deploy): the event bus, socket fan-out,
     * rate-limit budgets, per-conversation turn locks and background jobs live there; absent →
     * all of it stays in this process.
     */
    redisUrl: z
      .string()
      .regex(/^rediss?:\/\//, 'REDIS_URL 必须以 redis:// 或 rediss:// 开头')
      .nullable()
      .default(null),
    /**
     * With REDIS_URL: whether this instance also takes background jobs (imports). Off
     * (WENDU_JOB_WORKERS=0) for instances that should only answer, with a worker instance
     * beside them (deploy/compose.yaml). Without REDIS_URL jobs always run in this process.
     */
    jobWorkers: z.boolean().default(true),
    /** Every Redis key starts with this (WENDU_REDIS_PREFIX): deployments sharing one Redis keep apart; instances of one deployment share it. */
    redisKeyPrefix: z
      .string()
      .regex(/^[\w:.-]{1,64}$/, 'WENDU_REDIS_PREFIX 只能包含字母、数字、下划线、冒号、点和连字符，最多 64 个字符')
      .default(DEFAULT_REDIS_KEY_PREFIX),
    /** How long a login session (bearer token) is valid, in hours. */
    tokenTtlHours: z.coerce.number().positive().max(MAX_TOKEN_TTL_HOURS).default(DEFAULT_TOKEN_TTL_HOURS),
    /** Longest a signed profile's `expiresAt` may lie ahead (WENDU_PROFILE_MAX_LIFETIME_SECONDS). */
    profileMaxLifetimeSeconds: z.coerce.number().int().min(1).default(DEFAULT_PROFILE_MAX_LIFETIME_SECONDS),
    /** Unanswered customer messages younger than this are answered at start-up; 0 turns recovery off (WENDU_RECOVERY_HOURS). */
    unansweredRecoveryHours: z.coerce.number().min(0).default(DEFAULT_UNANSWERED_RECOVERY_HOURS),
    /** Backpressure (src/dialog/turn-gate.ts): turns worked out at once (WENDU_MAX_TURNS_IN_FLIGHT). */
    maxTurnsInFlight: z.coerce.number().int().min(1).default(DEFAULT_TURN_GATE_LIMITS.maxTurnsInFlight),
    /** Stored messages allowed to wait for a turn; beyond it new ones are refused unstored (WENDU_MAX_QUEUED_TURNS). */
    maxQueuedTurns: z.coerce.number().int().min(0).default(DEFAULT_TURN_GATE_LIMITS.maxQueuedTurns),
    /** A message the bot has not started on this long after it arrived tells its customer 「当前咨询人数较多…」 (WENDU_BUSY_NOTICE_AFTER_MS). */
    busyNoticeAfterMs: z.coerce.number().int().min(0).default(DEFAULT_TURN_GATE_LIMITS.busyNoticeAfterMs),
    /** The bot's typing indicator is sent only when its work on a message has taken this long without a reply (WENDU_BOT_TYPING_AFTER_MS; 0: on every message). */
    botTypingAfterMs: z.coerce.number().int().min(0).default(DEFAULT_BOT_TYPING_AFTER_MS),
    /** Graceful shutdown (src/server/shutdown.ts): longest wait for turns and requests in flight before they are cut (WENDU_SHUTDOWN_DRAIN_MS). */
    shutdownDrainMs: z.coerce.number().int().min(0).default(DEFAULT_SHUTDOWN_DRAIN_MS),
    bodyLimit: z.coerce.number().int().min(1024).default(DEFAULT_BODY_LIMIT_BYTES),
    maxUploadBytes: z.coerce.number().int().min(1024).default(DEFAULT_MAX_UPLOAD_BYTES),
    chatRateLimit: z
      .object({
        burst: z.coerce.number().int().min(1).default(DEFAULT_CHAT_BURST),
        refillPerSecond: z.coerce.number().positive().default(DEFAULT_CHAT_REFILL_PER_SECOND),
      })
      .strict()
      .prefault({}),
    rateLimits: z
      .object(
        Object.fromEntries(
          Object.entries(DEFAULT_RATE_BUDGETS).map(([name, defaults]) => [name, rateBudgetSchema(defaults)]),
        ) as { [K in keyof typeof DEFAULT_RATE_BUDGETS]: ReturnType<typeof rateBudgetSchema> },
      )
      .strict()
      .prefault({}),
  })
  .strict();

export type ServerConfigInput = z.input<typeof ServerConfigSchema>;
type ParsedConfig = z.output<typeof ServerConfigSchema>;
export type RateBudgetConfig = Readonly<ParsedConfig['chatRateLimit']>;
export type ServerConfig = Readonly<Omit<ParsedConfig, 'chatRateLimit' | 'rateLimits' | 'trustProxy'>> & {
  readonly chatRateLimit: RateBudgetConfig;
  readonly rateLimits: Readonly<Record<keyof typeof DEFAULT_RATE_BUDGETS, RateBudgetConfig>>;
  readonly trustProxy: false | number | readonly string[];
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
  if (env.WENDU_TRUST_PROXY !== undefined) out.trustProxy = trustProxySetting(env.WENDU_TRUST_PROXY);
  set('redisUrl', env.REDIS_URL);
  set('redisKeyPrefix', env.WENDU_REDIS_PREFIX);
  if (env.WENDU_JOB_WORKERS !== undefined && env.WENDU_JOB_WORKERS !== '') out.jobWorkers = !['0', 'false', 'no', 'off'].includes(env.WENDU_JOB_WORKERS.trim().toLowerCase());
  set('tokenTtlHours', env.WENDU_TOKEN_TTL_HOURS);
  set('profileMaxLifetimeSeconds', env.WENDU_PROFILE_MAX_LIFETIME_SECONDS);
  set('unansweredRecoveryHours', env.WENDU_RECOVERY_HOURS);
  set('bodyLimit', env.WENDU_BODY_LIMIT);
  set('maxTurnsInFlight', env.WENDU_MAX_TURNS_IN_FLIGHT);
  set('maxQueuedTurns', env.WENDU_MAX_QUEUED_TURNS);
  set('busyNoticeAfterMs', env.WENDU_BUSY_NOTICE_AFTER_MS);
  set('botTypingAfterMs', env.WENDU_BOT_TYPING_AFTER_MS);
  set('shutdownDrainMs', env.WENDU_SHUTDOWN_DRAIN_MS);
  set('maxUploadBytes', env.WENDU_MAX_UPLOAD_BYTES);
  const rate: Record<string, string> = {};
  if (env.WENDU_CHAT_BURST) rate.burst = env.WENDU_CHAT_BURST;
  if (env.WENDU_CHAT_REFILL_PER_SECOND) rate.refillPerSecond = env.WENDU_CHAT_REFILL_PER_SECOND;
  if (Object.keys(rate).length > 0) out.chatRateLimit = rate;
  const budgets: Record<string, Record<string, string>> = {};
  for (const [budget, stem] of Object.entries(RATE_BUDGET_ENV)) {
    const values: Record<string, string> = {};
    const burst = env[`WENDU_${stem}_BURST`];
    const refill = env[`WENDU_${stem}_REFILL_PER_SECOND`];
    if (burst) values.burst = burst;
    if (refill) values.refillPerSecond = refill;
    if (Object.keys(values).length > 0) budgets[budget] = values;
  }
  if (Object.keys(budgets).length > 0) out.rateLimits = budgets;
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
  if (envValues.rateLimits || given.rateLimits) {
    const fromEnvBudgets = (envValues.rateLimits ?? {}) as Record<string, object>;
    const givenBudgets = (given.rateLimits ?? {}) as Record<string, object>;
    merged.rateLimits = Object.fromEntries(
      [...new Set([...Object.keys(fromEnvBudgets), ...Object.keys(givenBudgets)])].map((name) => [
        name,
        { ...fromEnvBudgets[name], ...givenBudgets[name] },
      ]),
    );
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
  for (const budget of Object.values(config.rateLimits)) Object.freeze(budget);
  Object.freeze(config.rateLimits);
  if (Array.isArray(config.trustProxy)) Object.freeze(config.trustProxy);
  return Object.freeze(config);
}

/** One line per bad field, for the terminal. */
export function formatConfigProblems(problems: ConfigFieldProblem[]): string {
  const lines = problems.map((p) => `  - ${p.field}: ${p.message}`);
  return ['WENDU_CONFIG_INVALID 配置不合法 (invalid configuration):', ...lines].join('\n');
}

/** Exit code for an invalid configuration (distinct from 1 = the command itself failed). */
export const EXIT_CONFIG_INVALID = 2;
