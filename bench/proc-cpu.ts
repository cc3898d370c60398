/**
 * CPU time of a child process, read from Linux /proc. Used to give peers a budget of CPU
 * time, which stays fair when other work shares the machine.
 */
import { readFileSync } from 'node:fs';

/** Linux reports utime/stime in USER_HZ ticks, which is 100 on every mainstream kernel. */
const USER_HZ = 100;
/** Fields 14 and 15 of /proc/<pid>/stat (1-based), counted after the ")" that ends the name. */
const UTIME_AFTER_NAME = 11;
const STIME_AFTER_NAME = 12;

/** User + system CPU milliseconds of `pid`, or null where /proc is unavailable. */
export function cpuMsOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may contain spaces, so split only what follows its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[UTIME_AFTER_NAME]) + Number(fields[STIME_AFTER_NAME]);
    return Number.isFinite(ticks) ? (ticks * 1000) / USER_HZ : null;
  } catch {
    return null;
  }
}
