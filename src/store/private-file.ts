/**
 * Files only the server's own user may read: the embedded database (every customer's messages
 * and profile) and the bot secret. Created with mode 0600 and then set to exactly 0600, so the
 * result does not depend on the umask; files that already exist are left as they are but
 * reported when other users can read them (the operator may have a reason — tell, don't change).
 */
import { chmodSync, closeSync, existsSync, openSync, statSync } from 'node:fs';

/** Owner read/write only. */
export const PRIVATE_FILE_MODE = 0o600;
/** Any permission bit for the group or for everyone else. */
const GROUP_OR_OTHER_BITS = 0o077;

/** Creates `path` empty with mode 0600 if it does not exist; true when this call created it. */
export function createPrivateFile(path: string): boolean {
  let fd: number;
  try {
    // 'wx': never truncate or re-mode a file someone else (or an earlier start) made.
    fd = openSync(path, 'wx', PRIVATE_FILE_MODE);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
  closeSync(fd);
  // open()'s mode is filtered by the umask; chmod is not, so the mode is exactly 0600.
  chmodSync(path, PRIVATE_FILE_MODE);
  return true;
}

/** True when the file exists and the group or others have any permission on it (never on Windows). */
export function readableByOthers(path: string): boolean {
  if (process.platform === 'win32' || !existsSync(path)) return false;
  return (statSync(path).mode & GROUP_OR_OTHER_BITS) !== 0;
}
