/**
 * Where a change was written: `here` (this process, after its commit) or `elsewhere` (another
 * instance or a CLI run, heard on the event bus — see src/workspaces/change-relay.ts). Only
 * changes written here are published, so a change never echoes between instances.
 */
export type ChangeSource = 'here' | 'elsewhere';

/**
 * In-process change listeners of a service (the bot rebuilds its index when knowledge or flows
 * change). Called after the write is committed; a failing listener never turns a committed write
 * into an error for the caller.
 */
export class ChangeListeners<Change> {
  private readonly listeners = new Set<(change: Change, source: ChangeSource) => void>();

  constructor(private readonly what: string) {}

  add(listener: (change: Change, source: ChangeSource) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(change: Change, source: ChangeSource = 'here'): void {
    for (const listener of this.listeners) {
      try {
        listener(change, source);
      } catch (err) {
        process.emitWarning(`${this.what} change listener failed: ${String(err)}`);
      }
    }
  }
}
