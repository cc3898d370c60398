/**
 * In-process change listeners of a service (the bot rebuilds its index when knowledge or flows
 * change). Called after the write is committed; a failing listener never turns a committed write
 * into an error for the caller.
 */
export class ChangeListeners<Change> {
  private readonly listeners = new Set<(change: Change) => void>();

  constructor(private readonly what: string) {}

  add(listener: (change: Change) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(change: Change): void {
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch (err) {
        process.emitWarning(`${this.what} change listener failed: ${String(err)}`);
      }
    }
  }
}
