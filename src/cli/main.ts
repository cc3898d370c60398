/**
 * The `wendu` command. Each command is a small function over the shared runtime
 * (src/server/runtime.ts), so the CLI and the server see a data folder the same way.
 * `runCli(argv)` returns the exit code; bin/wendu.js and scripts/start.mjs call it.
 * Heavy modules (HTTP, matcher, spreadsheet) load inside the command that needs them, so
 * `--help` and usage errors answer at once.
 */
import { spawnSync } from 'node:child_process';
import { realpathSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { EXIT_CONFIG_INVALID, loadServerConfig, type ServerConfig, type ServerConfigInput } from '../config/server-config.js';
import { isWenduError } from '../errors/index.js';
import { PACKAGE_ROOT } from '../server/package-root.js';
import { listeningUrls } from '../server/listen-urls.js';
import { HELP } from './help.js';

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/**
 * A drain that hangs past its time (a dependency gone, a request that never ends) must not keep
 * the process: it exits this long after the drain time at the latest (closing the database,
 * Redis and the demo order service takes well under it).
 */
const SHUTDOWN_EXIT_MARGIN_MS = 5_000;

/** Thrown for a wrong command line; printed with a pointer to --help. */
class UsageError extends Error {}

const COMMON = { data: { type: 'string' }, help: { type: 'boolean', short: 'h' } } as const;
const COMMANDS = {
  serve: { ...COMMON, port: { type: 'string' }, host: { type: 'string' }, demo: { type: 'boolean' } },
  import: { ...COMMON, partial: { type: 'boolean' } },
  export: { ...COMMON },
  ask: { ...COMMON, demo: { type: 'boolean' } },
  similar: { ...COMMON },
  bench: { ...COMMON },
  user: { ...COMMON, role: { type: 'string' }, password: { type: 'string' }, name: { type: 'string' }, workspace: { type: 'string' } },
  customer: { ...COMMON, workspace: { type: 'string' } },
} as const satisfies Record<string, ParseArgsConfig['options']>;
type CommandName = keyof typeof COMMANDS;

interface Parsed {
  values: {
    data?: string;
    port?: string;
    host?: string;
    demo?: boolean;
    partial?: boolean;
    help?: boolean;
    role?: string;
    password?: string;
    name?: string;
    workspace?: string;
  };
  positionals: string[];
}

function parse(command: CommandName, args: string[]): Parsed {
  try {
    return parseArgs({ args, options: COMMANDS[command], allowPositionals: true, strict: true }) as Parsed;
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

function config(values: Parsed['values'], extra: Partial<ServerConfigInput> = {}): ServerConfig {
  return loadServerConfig({ dataDir: values.data, demo: values.demo, ...extra });
}

function positionals(p: Parsed, count: number, what: string): string[] {
  if (p.positionals.length !== count) throw new UsageError(`需要 ${count} 个参数：${what} (expected ${count} argument(s): ${what})`);
  return p.positionals;
}

async function serve(p: Parsed): Promise<number> {
  positionals(p, 0, '');
  const cfg = config(p.values, { port: p.values.port, host: p.values.host });
  // Loaded only here: the other commands need no HTTP stack.
  const { buildServer } = await import('../server/app.js');
  const server = await buildServer(cfg);
  // Graceful: not ready at once, the turns in flight answered and delivered, the sockets sent
  // elsewhere, then exit — within the drain time (src/server/shutdown.ts).
  const shutdown = (signal: string) => {
    server.app.log.info({ signal, drainMs: cfg.shutdownDrainMs }, '正在关闭 (shutting down)');
    setTimeout(() => process.exit(EXIT_FAILED), cfg.shutdownDrainMs + SHUTDOWN_EXIT_MARGIN_MS).unref();
    server.close().then(
      () => process.exit(EXIT_OK),
      (err: unknown) => {
        server.app.log.error({ err }, '关闭失败 (shutdown failed)');
        process.exit(EXIT_FAILED);
      },
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  await server.app.listen({ port: cfg.port, host: cfg.host });
  // The address really bound (the port the OS chose for --port 0; every interface for 0.0.0.0).
  const urls = listeningUrls(server.app.server.address() as AddressInfo);
  const kb = server.demo.loaded ? `  演示知识库 ${server.demo.entries} 条 (demo loaded)` : '';
  process.stdout.write(`温度 Wendu 已启动 (listening): ${urls.join('  ')}${kb}\n`);
  // Once: the demo accounts exist only after a start on an empty users table.
  if (server.demoLogins.length > 0) {
    const { formatDemoLogins } = await import('../auth/index.js');
    process.stdout.write(`${formatDemoLogins(server.demoLogins)}\n`);
  }
  return EXIT_OK;
}

async function ask(p: Parsed): Promise<number> {
  const [question] = positionals(p, 1, '"问题"');
  const cfg = config(p.values);
  const { openRuntime } = await import('../server/runtime.js');
  const runtime = await openRuntime({ dataDir: cfg.dataDir, databaseUrl: cfg.databaseUrl, demo: cfg.demo });
  try {
    const decision = await runtime.bot.decide({ text: question, channel: 'api' });
    process.stdout.write(`${JSON.stringify(decision, null, 2)}\n`);
    return EXIT_OK;
  } finally {
    await runtime.close();
  }
}

async function similar(p: Parsed): Promise<number> {
  const [a, b] = positionals(p, 2, '"问法一" "问法二"');
  const cfg = config(p.values);
  const { openRuntime } = await import('../server/runtime.js');
  const runtime = await openRuntime({ dataDir: cfg.dataDir, databaseUrl: cfg.databaseUrl });
  try {
    process.stdout.write(`${JSON.stringify({ a, b, ...(await runtime.bot.similarity(a, b)) }, null, 2)}\n`);
    return EXIT_OK;
  } finally {
    await runtime.close();
  }
}

function bench(p: Parsed): number {
  positionals(p, 0, '');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['run', 'bench'], { cwd: PACKAGE_ROOT, stdio: 'inherit' });
  return result.status ?? EXIT_FAILED;
}

async function dispatch(command: CommandName, p: Parsed): Promise<number> {
  switch (command) {
    case 'serve':
      return serve(p);
    case 'import': {
      const [file] = positionals(p, 1, 'FILE');
      const { importCommand } = await import('./knowledge-files.js');
      return importCommand(file, config(p.values), Boolean(p.values.partial));
    }
    case 'export': {
      const [file] = positionals(p, 1, 'FILE');
      const { exportCommand } = await import('./knowledge-files.js');
      return exportCommand(file, config(p.values));
    }
    case 'ask':
      return ask(p);
    case 'similar':
      return similar(p);
    case 'bench':
      return bench(p);
    case 'user': {
      const [sub, ...args] = p.positionals;
      const { userCommand } = await import('./users.js');
      return userCommand(sub, args, p.values, config(p.values));
    }
    case 'customer': {
      const [sub, ...args] = p.positionals;
      const { customerCommand } = await import('./customers.js');
      return customerCommand(sub, args, p.values, config(p.values));
    }
  }
}

/** Runs one command line (without `node` and the script) and returns the exit code. */
export async function runCli(argv: string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    process.stdout.write(HELP);
    return first === undefined ? EXIT_USAGE : EXIT_OK;
  }
  try {
    if (!(first in COMMANDS)) throw new UsageError(`未知命令 (unknown command): ${first}`);
    const command = first as CommandName;
    const p = parse(command, rest);
    if (p.values.help) {
      process.stdout.write(HELP);
      return EXIT_OK;
    }
    return await dispatch(command, p);
  } catch (err) {
    if (err instanceof UsageError || (err instanceof Error && err.name === 'UserUsageError')) {
      process.stderr.write(`${err.message}\n运行 wendu --help 查看用法 (see wendu --help)\n`);
      return EXIT_USAGE;
    }
    // A folder another server holds is a setup problem like a bad setting: exit 2, message only.
    if (isWenduError(err) && (err.code === 'WENDU_CONFIG_INVALID' || err.code === 'WENDU_DATA_DIR_LOCKED')) {
      process.stderr.write(err.message.startsWith(err.code) ? `${err.message}\n` : `${err.code} ${err.message}\n`);
      return EXIT_CONFIG_INVALID;
    }
    if (isWenduError(err)) {
      const details = err.details === undefined ? '' : `\n${JSON.stringify(err.details, null, 2)}`;
      process.stderr.write(`错误 ${err.code}: ${err.message}${details}\n`);
      return EXIT_FAILED;
    }
    process.stderr.write(`错误 (error): ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return EXIT_FAILED;
  }
}

function isEntryPoint(): boolean {
  if (!process.argv[1]) return false;
  try {
    return realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  process.exitCode = await runCli(process.argv.slice(2));
}
