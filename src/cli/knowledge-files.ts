/**
 * `wendu import` and `wendu export`: files in and out of the knowledge base, through the same
 * parse and serialise code the HTTP import uses (src/kb), with a report a person can act on.
 */
import { readFile, writeFile } from 'node:fs/promises';
import type { ServerConfig } from '../config/server-config.js';
import { isWenduError } from '../errors/index.js';
import { formatFromFileName } from '../kb/file-columns.js';
import type { ImportRowError } from '../kb/import.js';
import { openKnowledge } from '../server/runtime.js';
import { RedisEventBus } from '../events/redis-bus.js';
import { ChangeRelay, publishKnowledgeChanges } from '../workspaces/change-relay.js';

const EXIT_OK = 0;
const EXIT_FAILED = 1;
/** Who the version history names as the author of CLI imports. */
export const CLI_ACTOR = 'cli';

function rowReport(errors: ImportRowError[]): string {
  return errors.map((e) => `  第 ${e.row} 行 (row ${e.row}) [${e.column}] ${e.reason}`).join('\n');
}

async function readInput(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (err) {
    throw Object.assign(new Error(`无法读取文件 (cannot read file): ${file}`), { cause: err });
  }
}

/** Exit 0 when written (with --partial, bad rows are reported and skipped); 1 when nothing was written. */
export async function importCommand(file: string, config: ServerConfig, partial: boolean): Promise<number> {
  const format = formatFromFileName(file);
  const data = await readInput(file);
  const runtime = await openKnowledge({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
  // Servers running on the same database hear the import on the bus and rebuild their indexes.
  const bus = config.redisUrl ? await RedisEventBus.open({ url: config.redisUrl, keyPrefix: `${config.redisKeyPrefix}:bus` }).catch(async (err: unknown) => {
    await runtime.close();
    throw err;
  }) : null;
  const relay = bus ? new ChangeRelay(bus, { error: (details, message) => process.stderr.write(`${message} ${JSON.stringify(details)}\n`) }) : null;
  const stopPublishing = relay ? publishKnowledgeChanges(runtime.knowledge, relay) : () => {};
  try {
    const report = await runtime.knowledge.importFile(data, format, { partial, actor: CLI_ACTOR });
    process.stdout.write(
      `导入完成 (imported): 新增 created ${report.created}，更新 updated ${report.updated}，跳过 skipped ${report.skipped}\n`,
    );
    if (report.errors.length > 0) {
      process.stdout.write(`有 ${report.errors.length} 处错误，这些行未导入 (rows with errors, not imported):\n${rowReport(report.errors)}\n`);
    }
    return EXIT_OK;
  } catch (err) {
    if (isWenduError(err) && err.code === 'WENDU_IMPORT_INVALID') {
      const errors = (err.details as { errors?: ImportRowError[] } | undefined)?.errors ?? [];
      process.stderr.write(
        `导入失败，未写入任何数据 (import failed; nothing was written): ${errors.length} 处错误 (errors)\n${rowReport(errors)}\n` +
          '改正后重新导入，或用 --partial 只导入正确的行 (fix and retry, or use --partial)\n',
      );
      return EXIT_FAILED;
    }
    throw err;
  } finally {
    stopPublishing();
    await relay?.flush();
    await bus?.close();
    await runtime.close();
  }
}

export async function exportCommand(file: string, config: ServerConfig): Promise<number> {
  const format = formatFromFileName(file);
  const runtime = await openKnowledge({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
  try {
    const count = await runtime.knowledge.count();
    await writeFile(file, await runtime.knowledge.exportAll(format));
    process.stdout.write(`已导出 ${count} 条知识到 ${file} (exported ${count} entries)\n`);
    return EXIT_OK;
  } finally {
    await runtime.close();
  }
}
