/**
 * Flows' one public service: create, update, archive and restore, each one transaction that
 * also appends to the version log (the same model as KnowledgeService). Listeners hear about
 * a change only after the commit (the engine reloads its flows and triggers).
 */
import { ChangeListeners } from '../events/change-listeners.js';
import { isUniqueViolation } from '../store/errors.js';
import { WenduError } from '../errors/index.js';
import type { Database } from '../store/database.js';
import { FlowRepository, type FlowFilter } from './repository.js';
import type { Flow, FlowFields, FlowInput, FlowVersion } from './schemas.js';
import { parseFlowInput } from './validate.js';

export interface FlowChange {
  /** Flow ids written. */
  ids: string[];
}
export type FlowListener = (change: FlowChange) => void;

export type ListFlowsQuery = FlowFilter;


/** What a flow says, without the stored metadata, in the schema's key order. */
export function flowFields(flow: Flow | FlowFields): FlowFields {
  const { version: _v, createdAt: _c, updatedAt: _u, updatedBy: _b, ...fields } = flow as Flow;
  return parseFlowInput(fields);
}

function sameFields(a: FlowFields, b: FlowFields): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export class FlowService {
  private readonly repo: FlowRepository;
  private readonly listeners = new ChangeListeners<FlowChange>('flow');

  constructor(
    database: Database,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.repo = new FlowRepository(database.db, database.dialect);
  }

  onChange(listener: FlowListener): () => void {
    return this.listeners.add(listener);
  }

  private emit(change: FlowChange): void {
    this.listeners.emit(change);
  }

  /** Newest first; archived flows only with `status: 'archived' | 'all'`. */
  async list(query: ListFlowsQuery = {}): Promise<{ items: Flow[]; total: number }> {
    const items = await this.repo.listFlows(query);
    return { items, total: items.length };
  }

  /** Published flows: what triggers and the runner use. */
  async listPublished(): Promise<Flow[]> {
    return this.repo.listFlows({ status: 'published' });
  }

  async get(id: string): Promise<Flow> {
    const flow = await this.repo.findFlow(id);
    if (!flow) throw new WenduError('WENDU_FLOW_NOT_FOUND', { id });
    return flow;
  }

  async create(input: FlowInput, actor: string): Promise<Flow> {
    const fields = parseFlowInput(input);
    const flow = await this.repo
      .transaction(async (repo) => {
        if (await repo.findFlow(fields.id)) throw new WenduError('WENDU_FLOW_CONFLICT', { id: fields.id });
        return this.write(repo, undefined, fields, actor, 'created');
      })
      .catch((err: unknown) => {
        // Two creates of the same id raced past the check; the primary key settled it.
        if (isUniqueViolation(err)) throw new WenduError('WENDU_FLOW_CONFLICT', { id: fields.id });
        throw err;
      });
    this.emit({ ids: [flow.id] });
    return flow;
  }

  /** Replaces the whole definition (flows are edited as one document). No change, no new version. */
  async update(id: string, input: Omit<FlowInput, 'id'> & { id?: string }, actor: string): Promise<Flow> {
    if (input.id !== undefined && input.id !== id) {
      throw new WenduError('WENDU_FLOW_INVALID', { issues: [{ path: 'id', message: '不能修改流程 id', code: 'custom' }] });
    }
    const fields = parseFlowInput({ ...input, id });
    return this.change(id, actor, () => fields);
  }

  async archive(id: string, actor: string): Promise<Flow> {
    return this.change(id, actor, (current) => ({ ...flowFields(current), status: 'archived' }));
  }

  /** Makes an old version current again, as a NEW version (history is never rewritten). */
  async restoreVersion(id: string, version: number, actor: string): Promise<Flow> {
    const flow = await this.repo.transaction(async (repo) => {
      const current = await repo.findFlow(id, true);
      if (!current) throw new WenduError('WENDU_FLOW_NOT_FOUND', { id });
      const snapshot = await repo.findVersion(id, version);
      if (!snapshot) throw new WenduError('WENDU_VERSION_NOT_FOUND', { id, version });
      return this.write(repo, current, parseFlowInput({ ...snapshot, id }), actor, 'restored');
    });
    this.emit({ ids: [id] });
    return flow;
  }

  async versions(id: string): Promise<FlowVersion[]> {
    await this.get(id);
    return this.repo.listVersions(id);
  }

  /** Creates the flows that do not exist yet (demo seeding); returns the ids created. */
  async seed(inputs: FlowInput[], actor: string): Promise<string[]> {
    const created: string[] = [];
    for (const input of inputs) {
      const fields = parseFlowInput(input);
      if (await this.repo.findFlow(fields.id)) continue;
      await this.create(fields, actor);
      created.push(fields.id);
    }
    return created;
  }

  private async change(id: string, actor: string, next: (current: Flow) => FlowFields): Promise<Flow> {
    let changed = false;
    const flow = await this.repo.transaction(async (repo) => {
      const current = await repo.findFlow(id, true);
      if (!current) throw new WenduError('WENDU_FLOW_NOT_FOUND', { id });
      const fields = next(current);
      if (sameFields(flowFields(current), fields)) return current;
      changed = true;
      const kind = fields.status === 'archived' && current.status !== 'archived' ? 'archived' : 'updated';
      return this.write(repo, current, fields, actor, kind);
    });
    if (changed) this.emit({ ids: [id] });
    return flow;
  }

  /** Writes the flow at its next version and records the version; call inside a transaction. */
  private async write(repo: FlowRepository, current: Flow | undefined, fields: FlowFields, actor: string, change: string): Promise<Flow> {
    const at = this.now().toISOString();
    const meta = { version: (current?.version ?? 0) + 1, createdAt: current?.createdAt ?? at, updatedAt: at, updatedBy: actor };
    const flow = current ? await repo.replaceFlow(fields, meta) : await repo.insertFlow(fields, meta);
    await repo.insertVersion({ flowId: fields.id, version: meta.version, snapshot: fields, change, changedBy: actor, changedAt: at });
    return flow;
  }
}
