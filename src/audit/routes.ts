/** `GET /api/v1/audit`: the caller's workspace's audit log, newest first, for admins only. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { principalOf } from '../auth/access.js';
import { parseOrThrow } from '../errors/validation.js';
import { type AuditLog, MAX_AUDIT_PAGE_SIZE } from './audit-log.js';

export const AUDIT_PATH = '/api/v1/audit';

const AuditQuerySchema = z.object({
  targetType: z.string().max(64).optional(),
  targetId: z.string().max(200).optional(),
  actor: z.string().max(320).optional(),
  beforeId: z.coerce.number().int().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_AUDIT_PAGE_SIZE).optional(),
});

export async function auditRoutes(app: FastifyInstance, { audit }: { audit: AuditLog }): Promise<void> {
  app.get(AUDIT_PATH, { config: { access: 'admin' } }, async (request) =>
    audit.list(principalOf(request).workspaceId, parseOrThrow(AuditQuerySchema, request.query)),
  );
}
