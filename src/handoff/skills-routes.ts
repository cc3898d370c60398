/**
 * Skill groups over HTTP (issue 8, the console's 技能组 tab): who serves which hand-off groups.
 * Agents set their own with their presence; here supervisors see everyone's and admins set
 * anyone's (`GET /api/v1/skills`, `PUT /api/v1/users/:id/skills`). A person of another
 * workspace is answered like one who does not exist (404).
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { actorOf, principalOf } from '../auth/access.js';
import { parseOrThrow } from '../errors/validation.js';
import type { HandoffBoard } from './board.js';
import { SkillsBodySchema } from './schemas.js';

export const SKILLS_PATH = '/api/v1/skills';
export const USER_SKILLS_PATH = '/api/v1/users/:id/skills';

const IdParams = z.object({ id: z.string().min(1).max(64) });

export async function skillsRoutes(app: FastifyInstance, { board }: { board: HandoffBoard }): Promise<void> {
  app.get(SKILLS_PATH, { config: { access: 'supervisor' } }, async (request) => ({ people: await board.skills(principalOf(request).workspaceId) }));

  app.put(USER_SKILLS_PATH, { config: { access: 'admin' } }, async (request) => {
    const { id } = parseOrThrow(IdParams, request.params);
    const { groups } = parseOrThrow(SkillsBodySchema, request.body);
    return { person: await board.setSkills(principalOf(request).workspaceId, id, groups, actorOf(request)) };
  });
}
