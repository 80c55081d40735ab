#!/usr/bin/env bash
# A single-node SLURM cluster on this machine, for tests and for one workstation: Debian's slurmctld + slurmd +
# slurm-client + munge, with a config, state, logs and a munge key of its own under one folder it owns
# (default <project>/.slurm-local, or $TL_SLURM_LOCAL_DIR). Nothing outside that folder is touched but munged's socket
# folder /run/tl-slurm-local-<n> (munged's own rules; see below): munged listens on a socket of its own, the ports are
# derived from the folder's path (two checkouts can each run one), and `stop` kills exactly the daemons whose pid
# files are in the folder.
#
#   scripts/slurm-local.sh start    install the Debian packages when missing (root only), start munged, slurmctld
#                                   and slurmd, wait until the node is idle; prints SLURM_CONF=<path> on stdout
#   scripts/slurm-local.sh stop     stop the daemons this folder started (by pid file)
#   scripts/slurm-local.sh status   the daemons' pids and `sinfo`; exit 0 when all run, 3 otherwise
#   scripts/slurm-local.sh conf     print the path of slurm.conf (use: export SLURM_CONF=$(scripts/slurm-local.sh conf))
#
# Needs root (slurmd starts jobs as the submitting user, munged and slurmd run as root here). Exit codes: 0 ok,
# 2 not possible on this machine (not root, packages missing and not installable): the reason is on stderr.
# PID 1 need not be systemd; cgroups are not used (proctrack/linuxproc, task/none), so it also runs in containers.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=$(realpath -m "${TL_SLURM_LOCAL_DIR:-$PWD/.slurm-local}")
conf=$dir/slurm.conf
# munged insists that everyone can reach its socket, which a folder under e.g. /root (mode 700) does not allow: the
# socket lives in /run (or /tmp) in a folder named after this folder's path, everything else stays in $dir
socket_dir=$(if [ -d /run ] && [ -w /run ]; then echo /run; else echo /tmp; fi)/tl-slurm-local-$(printf '%s' "$dir" | cksum | cut -d' ' -f1)
socket=$socket_dir/munge.socket
packages="slurmctld slurmd slurm-client munge"
say() { echo "[slurm-local] $*" >&2; }

alive() { # alive PIDFILE BINARY: the pid in PIDFILE runs BINARY
  local pid
  pid=$(cat "$1" 2>/dev/null | tr -dc 0-9) # the daemon may remove its pid file as it exits
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q "$2"
}

runs() { # runs PID BINARY: that process exists and runs BINARY
  [ -r "/proc/$1/cmdline" ] && tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null | grep -q "$2"
}

stop_one() { # stop_one PIDFILE BINARY
  local pid i
  if alive "$1" "$2"; then
    pid=$(cat "$1" 2>/dev/null | tr -dc 0-9)
    kill -TERM "$pid" 2>/dev/null || true
    for i in $(seq 100); do runs "$pid" "$2" || break; sleep 0.1; done
    if runs "$pid" "$2"; then say "$2 (pid $pid) ignored SIGTERM for 10 s: SIGKILL"; kill -KILL "$pid" 2>/dev/null || true; fi
  fi
  rm -f "$1"
}

running() {
  alive "$dir/munge/munged.pid" munged && alive "$dir/slurmctld.pid" slurmctld && alive "$dir/slurmd.pid" slurmd
}

case "${1:-}" in
  conf)
    echo "$conf"
    ;;
  status)
    for d in munge/munged slurmctld slurmd; do
      name=${d#munge/}
      if alive "$dir/$d.pid" "$name"; then echo "$name: running (pid $(cat "$dir/$d.pid"))"; else echo "$name: not running"; fi
    done
    if running; then SLURM_CONF=$conf sinfo 2>&1 || true; exit 0; fi
    exit 3
    ;;
  stop)
    stop_one "$dir/slurmd.pid" slurmd
    stop_one "$dir/slurmctld.pid" slurmctld
    stop_one "$dir/munge/munged.pid" munged
    rm -rf "$socket_dir"
    say "stopped (folder $dir)"
    ;;
  start)
    if [ "$(id -u)" != 0 ]; then say "needs root (slurmd and munged run as root here); not starting"; exit 2; fi
    missing=""
    for p in $packages; do dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"; done
    if [ -n "$missing" ]; then
      if ! command -v apt-get >/dev/null; then say "Debian packages missing:$missing and no apt-get"; exit 2; fi
      say "installing Debian packages:$missing (once, ~1 min)"
      export DEBIAN_FRONTEND=noninteractive
      # several test files may start the cluster at once: apt's own lock makes the second wait, then find them installed
      { apt-get -o DPkg::Lock::Timeout=300 update -q >/dev/null &&
        apt-get -o DPkg::Lock::Timeout=300 install -y -q --no-install-recommends $missing >/dev/null; } ||
        { say "could not install$missing"; exit 2; }
    fi
    mkdir -p "$dir/munge" "$dir/state" "$dir/spool" "$dir/log"
    exec 9>"$dir/.lock"
    flock 9 # one start at a time per folder; a second caller finds the cluster running
    if running; then echo "SLURM_CONF=$conf"; exit 0; fi
    # leftovers of a crashed start: stop what still runs from this folder, then start all three afresh
    stop_one "$dir/slurmd.pid" slurmd
    stop_one "$dir/slurmctld.pid" slurmctld
    stop_one "$dir/munge/munged.pid" munged
    mkdir -p "$socket_dir"
    # munged requires folders (socket, key, log) that only root can write, and a socket folder everyone can traverse
    chmod 755 "$socket_dir" "$dir" "$dir/munge"
    if [ ! -s "$dir/munge/munge.key" ]; then
      head -c 1024 /dev/urandom >"$dir/munge/munge.key"
      chmod 400 "$dir/munge/munge.key"
    fi
    /usr/sbin/munged --socket="$socket" --key-file="$dir/munge/munge.key" \
      --log-file="$dir/munge/munged.log" --pid-file="$dir/munge/munged.pid" --seed-file="$dir/munge/munged.seed" ||
      { say "munged did not start: $(tail -2 "$dir/munge/munged.log" 2>/dev/null)"; exit 2; }
    host=$(hostname -s)
    cpus=$(nproc)
    memory=$(awk '/MemTotal/ { print int($2 / 1024 * 0.9) }' /proc/meminfo)
    # two ports from the folder's path, so clusters of two checkouts do not collide
    base=$((20000 + ($(printf '%s' "$dir" | cksum | cut -d' ' -f1) % 10000) * 2))
    cat >"$conf" <<EOF
# written by scripts/slurm-local.sh (rewritten at every start)
ClusterName=tl-local
SlurmctldHost=$host
SlurmctldPort=$base
SlurmdPort=$((base + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$socket
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
ReturnToService=2
SchedulerType=sched/builtin
# start waiting array tasks as soon as a CPU frees (the default batch_sched_delay of 3 s idles a small node)
SchedulerParameters=batch_sched_delay=0
# SIGTERM → SIGKILL after 2 s when a job is cancelled or reaches its time limit
KillWait=2
MinJobAge=600
InactiveLimit=0
NodeName=$host CPUs=$cpus RealMemory=$memory State=UNKNOWN
PartitionName=local Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
    /usr/sbin/slurmctld -f "$conf" || { say "slurmctld did not start: $(tail -3 "$dir/log/slurmctld.log" 2>/dev/null)"; exit 2; }
    /usr/sbin/slurmd -f "$conf" || { say "slurmd did not start: $(tail -3 "$dir/log/slurmd.log" 2>/dev/null)"; exit 2; }
    for i in $(seq 150); do
      state=$(SLURM_CONF=$conf sinfo -h -N -o %T 2>/dev/null | head -1 || true)
      case "$state" in idle|mixed|allocated) say "node $host $state (folder $dir)"; echo "SLURM_CONF=$conf"; exit 0 ;; esac
      sleep 0.2
    done
    say "the node did not become idle in 30 s (state '$state'); logs in $dir/log"
    exit 2
    ;;
  *)
    echo "usage: scripts/slurm-local.sh start|stop|status|conf" >&2
    exit 2
    ;;
esac
