/**
 * How long a queued customer will wait, from how long agents have recently taken per
 * conversation. Deliberately pessimistic: the customer is told the truth, and a promise is
 * made only when even this estimate fits settings.maxWaitSeconds.
 *
 *   handling = median(handling_seconds of the group's last RECENT_HANDLING_SAMPLE closed
 *              hand-offs), or settings.defaultHandlingSeconds while there is no history
 *   slots    = the online agents' free capacity (Σ max(0, limit − assigned)); when every
 *              online agent is full, their total capacity (a slot frees each time one of their
 *              conversations ends, i.e. about once per `handling`)
 *   estimate = handling × ceil(position / slots)
 *
 * So position 1 with a free agent waits about one handling time (an agent still has to see and
 * accept it), and every further "round" of the queue adds one more handling time. With no
 * online agent there is no estimate: the desk answers `offline` instead of promising anyone.
 */
import type { AgentLoad } from './repository.js';

/** How many recent closed hand-offs of a group the median looks at: enough to smooth one long case, recent enough to follow the day. */
export const RECENT_HANDLING_SAMPLE = 20;

export interface Capacity {
  /** Online agents. */
  agents: number;
  /** Σ max(0, limit − assigned) over online agents. */
  free: number;
  /** Σ limit over online agents. */
  total: number;
}

/** Only `online` agents count (busy / away / offline take no new conversations). */
export function onlineCapacity(loads: readonly AgentLoad[], defaultLimit: number): Capacity {
  const online = loads.filter((a) => a.status === 'online');
  let free = 0;
  let total = 0;
  for (const agent of online) {
    const limit = agent.maxConcurrent ?? defaultLimit;
    total += limit;
    free += Math.max(0, limit - agent.assigned);
  }
  return { agents: online.length, free, total };
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : Math.round((sorted[mid - 1] + sorted[mid]) / 2);
}

/** Seconds, or null when nobody is online to serve the queue. */
export function estimateWaitSeconds(position: number, capacity: Capacity, recentHandling: readonly number[], defaultHandlingSeconds: number): number | null {
  const slots = capacity.free > 0 ? capacity.free : capacity.total;
  if (capacity.agents === 0 || slots === 0) return null;
  const handling = median(recentHandling) ?? defaultHandlingSeconds;
  return handling * Math.ceil(position / slots);
}
