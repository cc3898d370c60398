/**
 * Test support: `wendu serve` as a real child process (the CLI's own runCli, TypeScript loaded
 * by tsx in the SAME process, so SIGKILL hits the server itself and not a wrapper). Resolves
 * once the banner names the address. Not imported by production code.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const PACKAGE_ROOT_FOR_TESTS = fileURLToPath(new URL('../..', import.meta.url));
export const CLI_MAIN = join(PACKAGE_ROOT_FOR_TESTS, 'src', 'cli', 'main.ts');
export const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
/** Cold TypeScript compile plus the segmenter's dictionary on a busy machine. */
export const SERVE_START_TIMEOUT_MS = 90_000;

export interface ServeProcess {
  child: ChildProcess;
  /** The first address of the banner, e.g. http://127.0.0.1:41234. */
  url: string;
  /** Everything written to stdout and stderr so far. */
  output: () => string;
  /** Sends SIGKILL and waits for the exit. */
  kill9(): Promise<void>;
}

export function serveArgs(args: string[]): string[] {
  return ['--import', TSX_LOADER, CLI_MAIN, 'serve', ...args];
}

export function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  // The test client ends a turn when the bot's typing goes off: type on every turn (src/channels/web/test-client.ts).
  return { ...process.env, LOG_LEVEL: 'silent', WENDU_DATA: '', DATABASE_URL: '', HOST: '', WENDU_BOT_TYPING_AFTER_MS: '0', ...extra };
}

export function spawnServe(args: string[], env: Record<string, string> = {}): Promise<ServeProcess> {
  const child = spawn(process.execPath, serveArgs(args), { cwd: PACKAGE_ROOT_FOR_TESTS, env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += String(chunk)));
  child.stderr!.on('data', (chunk: Buffer) => (out += String(chunk)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`wendu serve printed no address: ${out}`));
    }, SERVE_START_TIMEOUT_MS);
    child.stdout!.on('data', () => {
      const match = /http:\/\/[\w.:[\]-]+/.exec(out);
      if (!match) return;
      clearTimeout(timer);
      resolve({
        child,
        url: match[0],
        output: () => out,
        async kill9() {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
          await exited;
        },
      });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`wendu serve exited with ${code}: ${out}`));
    });
  });
}
