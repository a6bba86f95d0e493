// The sync is background work: on Linux its thread runs at a lower CPU priority, so that on a busy
// machine the thread answering requests gets the cores first (the sync takes what requests leave, of
// the CPU as of each vendor's budget). Elsewhere, or where the system refuses, it runs as it is.
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';

/** The sync thread's niceness (0 is the process's own, 19 the lowest priority). */
export const SYNC_THREAD_NICE = 10;

/** Lowers the calling thread's priority alone; whether it could. */
export function lowerThisThreadsPriority(nice = SYNC_THREAD_NICE): boolean {
  if (process.platform !== 'linux') return false;
  try {
    // `/proc/thread-self` links to `<pid>/task/<tid>`: setpriority on a thread id concerns that thread only (Linux).
    const tid = Number(readlinkSync('/proc/thread-self').split('/').at(-1));
    if (!Number.isSafeInteger(tid) || tid <= 0) return false;
    setPriority(tid, nice);
    return true;
  } catch {
    return false;
  }
}
