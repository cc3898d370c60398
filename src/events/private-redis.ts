/**
 * Test support: a PRIVATE redis-server process on a free loopback port, which a test may kill
 * and start again on the same port (what "Redis restarted" means to the instances using it).
 * No persistence (`--save "" --appendonly no`): a restart comes back empty, the harder case —
 * every stream, lock and session is gone. Not imported by production code.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/** A cold redis-server answers within a few hundred ms; a loaded test machine gets more. */
const REDIS_START_TIMEOUT_MS = 10_000;
/** What redis-server prints once it accepts commands. */
const READY_LINE = /Ready to accept connections/;

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export class PrivateRedis {
  private child: ChildProcess | undefined;

  private constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  static async start(): Promise<PrivateRedis> {
    const redis = new PrivateRedis(await freePort());
    await redis.restart();
    return redis;
  }

  /** Starts redis-server on this port (again, after kill) and resolves once it accepts commands. */
  async restart(): Promise<void> {
    if (this.child) throw new Error('redis-server already running');
    const child = spawn('redis-server', ['--save', '', '--appendonly', 'no', '--port', String(this.port), '--bind', '127.0.0.1'], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    let out = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`redis-server did not start: ${out}`)), REDIS_START_TIMEOUT_MS);
      child.stdout!.on('data', (chunk: Buffer) => {
        out += String(chunk);
        if (READY_LINE.test(out)) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`redis-server exited with ${code}: ${out}`));
      });
    });
    child.removeAllListeners('exit');
  }

  /** SIGKILL, as a crash would: no goodbye to the clients. Resolves once the process is gone. */
  async kill(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGKILL');
    await exited;
  }
}
