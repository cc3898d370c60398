/**
 * The workspace's retention period over HTTP (admins): `GET /api/v1/privacy/retention` →
 * `{ retentionDays }` (null keeps text forever), `PUT` with `{ retentionDays }` — audited. The
 * server applies it every RETENTION_SWEEP_MS (src/server/app.ts).
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { actorOf, principalOf } from '../auth/access.js';
import { AuditLog } from '../audit/audit-log.js';
import { parseOrThrow } from '../errors/validation.js';
import type { Database } from '../store/database.js';
import { CustomerData, MAX_RETENTION_DAYS, MIN_RETENTION_DAYS } from './customer-data.js';

const RetentionBody = z.object({ retentionDays: z.number().int().min(MIN_RETENTION_DAYS).max(MAX_RETENTION_DAYS).nullable() }).strict();

export async function privacyRoutes(app: FastifyInstance, { database }: { database: Pick<Database, 'db'> }): Promise<void> {
  const data = new CustomerData(database);
  const audit = new AuditLog(database.db);
  app.get('/api/v1/privacy/retention', { config: { access: 'admin' } }, async (req) => ({ retentionDays: await data.retentionDays(principalOf(req).workspaceId) }));
  app.put('/api/v1/privacy/retention', { config: { access: 'admin' } }, async (req) => {
    const { retentionDays } = parseOrThrow(RetentionBody, req.body);
    const { workspaceId } = principalOf(req);
    const before = await data.retentionDays(workspaceId);
    await data.setRetentionDays(workspaceId, retentionDays);
    await audit.record({ workspaceId, actor: actorOf(req), action: 'privacy.retention', targetType: 'workspace', targetId: workspaceId, before: { retentionDays: before }, after: { retentionDays } });
    return { retentionDays };
  });
}
