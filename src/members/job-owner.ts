import { randomBytes } from 'node:crypto';
import os from 'node:os';

/**
 * Liveness of background jobs (the same model as the member import's): a job names the process
 * that runs it (host, pid and a random id drawn at each start), and that process touches the
 * job's row while it works. A running job silent for DEAD_JOB_MS whose process is not seen
 * alive belongs to a process that is gone.
 */

/** This process, as the owner of the jobs it runs. */
export const PROCESS_OWNER = `${os.hostname().slice(0, 30)}:${process.pid}:${randomBytes(9).toString('base64url')}`;

/** A running job not touched for this long, by a process not seen alive, belongs to a process that is gone. */
export const DEAD_JOB_MS = 60_000;

/** Whether `owner` is a process alive on this machine (this very run, or another live pid). */
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
