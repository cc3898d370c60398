/**
 * Options of `npm run bench -- realtime` (bench/realtime.ts):
 *   --customers 1000,5000   burst sizes (each customer sends one question at once)
 *   --reps 3                rounds per burst size (medians are reported)
 *   --idle 10000            idle customers connected, then every one asks; 0 skips
 *   --no-http               skip POST /api/v1/chat (17k entries) vs bare fastify
 *   --http-seconds 10       autocannon duration per side
 *   --cpu-prof DIR          profile the Wendu server children of the burst and http runs (node --cpu-prof)
 *   --before DIR            another Wendu checkout (e.g. a git worktree of main), run in the same bursts
 *                           and http rounds (--reps of them), round for round, as the "before" of a change
 *   --env K=V               extra environment for the Wendu server (repeatable), e.g. a backpressure limit
 *   --write / --no-write    write the realtime section of bench/results.md (default: only a run with
 *                           the default sizes writes it)
 */
export interface RealtimeOptions {
  customers: number[];
  reps: number;
  idle: number;
  http: boolean;
  httpSeconds: number;
  cpuProfDir?: string;
  beforeCheckout?: string;
  serverEnv: Record<string, string>;
  write: boolean;
}

export const DEFAULT_BURST_SIZES = [1000, 5000];
export const DEFAULT_REPS = 3;
export const DEFAULT_IDLE_CUSTOMERS = 10_000;
export const DEFAULT_HTTP_SECONDS = 10;

function positiveInt(flag: string, raw: string, allowZero = false): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < (allowZero ? 0 : 1)) throw new Error(`${flag}: expected a ${allowZero ? 'non-negative' : 'positive'} integer, got "${raw}"`);
  return n;
}

export function parseRealtimeOptions(argv: readonly string[]): RealtimeOptions {
  const opts: RealtimeOptions = { customers: DEFAULT_BURST_SIZES, reps: DEFAULT_REPS, idle: DEFAULT_IDLE_CUSTOMERS, http: true, httpSeconds: DEFAULT_HTTP_SECONDS, serverEnv: {}, write: true };
  let write: boolean | undefined;
  let partial = false;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    const [flag, inline] = arg.includes('=') && arg.startsWith('--') && !arg.startsWith('--env') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--customers':
        opts.customers = value().split(',').filter(Boolean).map((s) => positiveInt(flag, s));
        partial = true;
        break;
      case '--reps':
        opts.reps = positiveInt(flag, value());
        partial = true;
        break;
      case '--idle':
        opts.idle = positiveInt(flag, value(), true);
        partial = true;
        break;
      case '--no-http':
        opts.http = false;
        partial = true;
        break;
      case '--http-seconds':
        opts.httpSeconds = positiveInt(flag, value());
        break;
      case '--cpu-prof':
        opts.cpuProfDir = value();
        partial = true;
        break;
      case '--before':
        opts.beforeCheckout = value();
        partial = true;
        break;
      case '--env': {
        const pair = value();
        const eq = pair.indexOf('=');
        if (eq <= 0) throw new Error(`--env: expected NAME=value, got "${pair}"`);
        opts.serverEnv[pair.slice(0, eq)] = pair.slice(eq + 1);
        partial = true;
        break;
      }
      case '--write':
        write = true;
        break;
      case '--no-write':
        write = false;
        break;
      default:
        throw new Error(`realtime: unknown option "${arg}"`);
    }
  }
  opts.write = write ?? !partial;
  return opts;
}
