/**
 * HTTP API of flows under /api/v1/flows (camelCase JSON, as Flow). Register WITHOUT a prefix:
 * `app.register(flowRoutes, { flows })` — the paths here are absolute. Errors are thrown as
 * WenduError; the server's error handler renders them.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { WenduError } from '../errors/index.js';
import { actorOf } from '../auth/access.js';
import { parseOrThrow as parse, validationError } from '../errors/validation.js';
import { FLOW_STATUSES, type FlowInput } from './schemas.js';
import type { FlowService } from './service.js';
import { flowIssues } from './validate.js';
import { runFlowTest, type FlowTester } from './test-run.js';

export const FLOWS_API_PREFIX = '/api/v1/flows';

export interface FlowRoutesOptions {
  /** The flows of the caller's workspace (never another's). */
  flowsFor: (request: FastifyRequest) => FlowService;
  /** The runner and env of the caller's bot, for test runs of drafts (`POST /flows/test`); absent: no such route. */
  testerFor?: (request: FastifyRequest) => Promise<FlowTester>;
}

const ListQuerySchema = z.object({ status: z.enum([...FLOW_STATUSES, 'all']).optional() });
const IdParams = z.object({ id: z.string().min(1) });
const VersionParams = z.object({ id: z.string().min(1), version: z.coerce.number().int().min(1) });

function objectBody(body: unknown): Record<string, unknown> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw validationError('', '请求内容应是一个 JSON 对象', 'invalid_type', 'WENDU_FLOW_INVALID');
  }
  return body as Record<string, unknown>;
}

export async function flowRoutes(app: FastifyInstance, opts: FlowRoutesOptions): Promise<void> {
  const flows = opts.flowsFor;
  const p = FLOWS_API_PREFIX;

  app.get(p, { config: { access: 'supervisor' } }, async (req) => flows(req).list(parse(ListQuerySchema, req.query)));

  app.post(p, { config: { access: 'supervisor' } }, async (req, reply) => {
    const flow = await flows(req).create(objectBody(req.body) as FlowInput, actorOf(req));
    return reply.status(201).send(flow);
  });

  /** Checks a definition without saving it (for editors): 200 with every issue. */
  app.post(`${p}/validate`, { config: { access: 'supervisor' } }, async (req) => {
    const issues = flowIssues(objectBody(req.body));
    return { valid: issues.length === 0, issues };
  });

  /** One turn of a test run of a definition, saved or not, in a throwaway session (nothing stored). */
  const testerFor = opts.testerFor;
  if (testerFor) {
    app.post(`${p}/test`, { config: { access: 'supervisor' } }, async (req) => runFlowTest(await testerFor(req), objectBody(req.body)));
  }

  app.get(`${p}/:id`, { config: { access: 'supervisor' } }, async (req) => flows(req).get(parse(IdParams, req.params).id));

  app.put(`${p}/:id`, { config: { access: 'supervisor' } }, async (req) => flows(req).update(parse(IdParams, req.params).id, objectBody(req.body) as FlowInput, actorOf(req)));

  app.post(`${p}/:id/archive`, { config: { access: 'supervisor' } }, async (req) => flows(req).archive(parse(IdParams, req.params).id, actorOf(req)));

  app.get(`${p}/:id/versions`, { config: { access: 'supervisor' } }, async (req) => ({ items: await flows(req).versions(parse(IdParams, req.params).id) }));

  app.post(`${p}/:id/versions/:version/restore`, { config: { access: 'supervisor' } }, async (req) => {
    const { id, version } = parse(VersionParams, req.params);
    return flows(req).restoreVersion(id, version, actorOf(req));
  });
}
