/**
 * `wendu customer export | erase ID`: a customer's data on request (docs/learning.md, privacy).
 * ID is the customer's id or the embedding site's external id. Export prints one JSON document;
 * erase removes the customer everywhere and says how much went. Both work on the server's data
 * folder or DATABASE_URL while the server runs.
 */
import { DEFAULT_WORKSPACE_ID } from '../auth/access.js';
import type { ServerConfig } from '../config/server-config.js';
import { CustomerData } from '../privacy/customer-data.js';
import { openDatabase } from '../store/database.js';

/** A wrong command line: main.ts prints it with a pointer to --help and exits 2. */
export class CustomerUsageError extends Error {
  override name = 'UserUsageError';
}

export async function customerCommand(sub: string | undefined, args: string[], options: { workspace?: string }, cfg: ServerConfig): Promise<number> {
  if ((sub !== 'export' && sub !== 'erase') || args.length !== 1) {
    throw new CustomerUsageError('用法 (usage): wendu customer export|erase ID [--workspace W]');
  }
  const [ref] = args;
  const workspaceId = options.workspace ?? DEFAULT_WORKSPACE_ID;
  const database = await openDatabase({ dataDir: cfg.dataDir, databaseUrl: cfg.databaseUrl ?? undefined });
  try {
    const data = new CustomerData(database);
    if (sub === 'export') {
      process.stdout.write(`${JSON.stringify(await data.exportCustomer(workspaceId, ref!), null, 2)}\n`);
    } else {
      const erased = await data.eraseCustomer(workspaceId, ref!);
      process.stdout.write(`已删除顾客 (customer erased): ${ref} · 会话 ${erased.conversations} · 消息 ${erased.messages}\n`);
    }
    return 0;
  } finally {
    await database.close();
  }
}
