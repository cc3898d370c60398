/**
 * Flows' one public service for one workspace: create, update, archive and restore, through
 * the same versioned-document store as knowledge entries (each write one transaction with its
 * version row and audit record). Listeners hear about a change only after the commit (the
 * engine reloads its flows and triggers).
 */
import { ChangeListeners, type ChangeSource } from '../events/change-listeners.js';
import { WenduError } from '../errors/index.js';
import type { Database } from '../store/database.js';
import type { DocumentVersion } from '../store/versioned-documents.js';
import { FlowRepository, type FlowFilter, flowFields } from './repository.js';
import type { Flow, FlowFields, FlowInput, FlowVersion } from './schemas.js';
import { parseFlowInput } from './validate.js';

export { flowFields } from './repository.js';

export interface FlowChange {
  /** Flow ids written. */
  ids: string[];
}
export type FlowListener = (change: FlowChange, source: ChangeSource) => void;

export type ListFlowsQuery = FlowFilter;

export interface FlowServiceOptions {
  /** The workspace this service reads and writes; nothing of another workspace is visible. */
  workspaceId: string;
  now?: () => Date;
}

function toFlowVersion(v: DocumentVersion<FlowFields>): FlowVersion {
  const { documentId, ...rest } = v;
  return { flowId: documentId, ...rest };
}

export class FlowService {
  readonly workspaceId: string;
  private readonly repo: FlowRepository;
  private readonly listeners = new ChangeListeners<FlowChange>('flow');
  /**
   * The published flows, read once and kept until a flow changes: every customer turn matches
   * triggers against them, and re-reading and re-parsing them per message was a measured cost
   * (docs/performance.md). Every write here forgets them; a change made by another process
   * reaches them through `changedElsewhere`.
   */
  private published: Promise<Flow[]> | null = null;

  constructor(database: Database, options: FlowServiceOptions) {
    this.workspaceId = options.workspaceId;
    this.repo = new FlowRepository(database.db, database.dialect, this.workspaceId, options.now);
  }

  onChange(listener: FlowListener): () => void {
    return this.listeners.add(listener);
  }

  private emit(change: FlowChange): void {
    this.published = null;
    this.listeners.emit(change);
  }

  /** Another instance wrote these flows (heard on the event bus): forget what is cached and tell the listeners. */
  changedElsewhere(change: FlowChange): void {
    this.published = null;
    this.listeners.emit(change, 'elsewhere');
  }

  /** Newest first; archived flows only with `status: 'archived' | 'all'`. */
  async list(query: ListFlowsQuery = {}): Promise<{ items: Flow[]; total: number }> {
    const items = await this.repo.listFlows(query);
    return { items, total: items.length };
  }

  /** Published flows: what triggers and the runner use. Shared between callers — read them, never change them. */
  listPublished(): Promise<readonly Flow[]> {
    const reading = (this.published ??= this.repo.listFlows({ status: 'published' }));
    // A failed read is not kept: the next turn tries the database again.
    reading.catch(() => {
      if (this.published === reading) this.published = null;
    });
    return reading;
  }

  /** WENDU_FLOW_NOT_FOUND also for an id that exists only in another workspace. */
  async get(id: string): Promise<Flow> {
    // A waiting flow is looked up on every answer to it: a published one is in the cache already.
    const published = this.published && (await this.published.catch(() => null))?.find((f) => f.id === id);
    return published ?? this.repo.documents.get(id);
  }

  async create(input: FlowInput, actor: string): Promise<Flow> {
    const flow = await this.repo.documents.create(parseFlowInput(input), actor);
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
    const flow = await this.repo.documents.restore(id, version, actor);
    this.emit({ ids: [id] });
    return flow;
  }

  async versions(id: string): Promise<FlowVersion[]> {
    return (await this.repo.documents.versions(id)).map(toFlowVersion);
  }

  /** Creates the flows that do not exist yet (demo seeding); returns the ids created. */
  async seed(inputs: FlowInput[], actor: string): Promise<string[]> {
    const created: string[] = [];
    for (const input of inputs) {
      const fields = parseFlowInput(input);
      if (await this.repo.documents.find(fields.id)) continue;
      await this.create(fields, actor);
      created.push(fields.id);
    }
    return created;
  }

  private async change(id: string, actor: string, next: (current: Flow) => FlowFields): Promise<Flow> {
    const { document, changed } = await this.repo.documents.change(id, actor, next);
    if (changed) this.emit({ ids: [id] });
    return document;
  }
}
