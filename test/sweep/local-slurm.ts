// The single-node SLURM of scripts/slurm-local.sh for the SLURM tests: started when it is not running (root only;
// it installs its Debian packages when missing), stopped afterwards only if these tests started it. Where it cannot
// start, `skip` says why and the tests report it in their names.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const script = join(__dirname, '..', '..', 'scripts', 'slurm-local.sh');

export interface LocalSlurm {
  /** Why the SLURM tests cannot run here, or null when the cluster is up (SLURM_CONF is then set). */
  skip: string | null;
  /** Whether this process started the cluster (so it stops it). */
  started: boolean;
}

export function startLocalSlurm(): LocalSlurm {
  if (process.platform !== 'linux') return { skip: `SLURM tests need Linux (this is ${process.platform})`, started: false };
  if (process.getuid?.() !== 0) return { skip: 'SLURM tests need root: scripts/slurm-local.sh starts slurmctld, slurmd and munged as root', started: false };
  const status = spawnSync('bash', [script, 'status'], { encoding: 'utf8' });
  const started = status.status !== 0;
  const run = started ? spawnSync('bash', [script, 'start'], { encoding: 'utf8', timeout: 600_000 }) : spawnSync('bash', [script, 'conf'], { encoding: 'utf8' });
  const conf = /(?:SLURM_CONF=)?(\/\S+slurm\.conf)\s*$/.exec(run.stdout ?? '')?.[1];
  if (run.status !== 0 || !conf) {
    return { skip: `SLURM tests skipped: scripts/slurm-local.sh start failed (exit ${run.status}): ${(run.stderr ?? '').trim().split('\n').pop()}`, started: false };
  }
  process.env.SLURM_CONF = conf;
  return { skip: null, started };
}

export function stopLocalSlurm(slurm: LocalSlurm): void {
  if (slurm.started) spawnSync('bash', [script, 'stop'], { encoding: 'utf8' });
}
