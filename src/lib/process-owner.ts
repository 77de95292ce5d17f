import { randomBytes } from 'node:crypto';
import os from 'node:os';

/**
 * This process, as the owner of the long jobs it runs: host, pid and a random id drawn at
 * start. A job is alive while its owner touches it; a silent job whose owner is a live
 * process of this machine is alive too (its touch may wait behind a long write).
 */
export const PROCESS_OWNER = `${os.hostname().slice(0, 30)}:${process.pid}:${randomBytes(9).toString('base64url')}`;

/** Whether `owner` names this process, or another process of this machine that is still running. */
export function ownerAliveHere(owner: string | null): boolean {
  if (!owner) return false;
  const [host, pid] = owner.split(':');
  if (host !== os.hostname().slice(0, 30) || !/^\d+$/.test(pid ?? '')) return false;
  // Our own pid under another id is an earlier run (a restarted container keeps its pids).
  if (Number(pid) === process.pid) return owner === PROCESS_OWNER;
  try {
    process.kill(Number(pid), 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A running job not touched for this long, by a process not seen alive, belongs to a process that is gone. */
export const DEAD_JOB_MS = 60_000;
