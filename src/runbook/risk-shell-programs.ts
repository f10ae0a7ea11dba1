// The operations CLIs and programs whose risk is known, as data: which verbs or flags only read, which
// destroy what cannot be brought back (or end what others are doing: sessions, processes, services),
// and what the rest does. risk-shell.ts reads a command's words against this table; a program that is
// in no table is `write` ("not known to be read-only").
//
// How a rule is read (first match wins):
//   flags     a word matching `match` anywhere among the arguments decides (pg_restore --clean, crontab -r)
//   verbs     the verb is the first positional word (`kubectl delete`), or any positional (`pg_ctlcluster
//             16 main stop`, `service postgresql stop`), or, for cloud CLIs, the leading words before the
//             first option matched by prefix (`aws rds delete-db-instance`, `gcloud sql instances delete`)
//   none      no verb at all (`crontab` alone, `env` alone)
//   otherwise anything else
// A reason is `<program> [verb] <does>`, so every phrase below must be true of every use it matches.
// Targets (what a typed confirmation may ask for) are the positional words after the verb.
import type { Risk } from './model.js';
import type { RiskTargetKind } from './risk-result.js';
import { KNIFE_VALUED } from './shell-wrappers.js';

export interface Effect {
  risk: Risk;
  does: string;
}

export interface FlagRule extends Effect {
  match: RegExp | ((word: string) => boolean);
}

export interface VerbRule extends Effect {
  /** Verbs (or two-word verbs like `rollout restart`); for `path` CLIs, prefixes like `delete`. */
  verbs: string[];
}

export interface ProgramRule {
  kind: RiskTargetKind;
  /** Options that take a separate value, so the value is neither the verb nor a target. */
  valued?: string[];
  flags?: FlagRule[];
  verbs?: VerbRule[];
  verbAt?: 'first' | 'any' | 'path';
  none?: Effect;
  otherwise: Effect;
  /** `-n NS` / `--namespace NS` names a namespace target. */
  namespaced?: boolean;
  /** The option whose value is the target (pg_restore -d DB), instead of the positional words. */
  targetOption?: string[];
}

const R = (does: string): Effect => ({ risk: 'read', does });
const W = (does: string): Effect => ({ risk: 'write', does });
const D = (does: string): Effect => ({ risk: 'destructive', does });
const verbs = (list: string, effect: Effect): VerbRule => ({ verbs: list.split(' ').map((v) => v.replace(/\+/g, ' ')), ...effect });
const flag = (match: FlagRule['match'], effect: Effect): FlagRule => ({ match, ...effect });

/** `-Fc` is -F with the value c, `-ec` is -e and -c: whether a short-option cluster holds `letter`. */
const clusterHas = (letter: string, valued: string) => (word: string): boolean => {
  if (!/^-[a-zA-Z]+$/.test(word)) return false;
  for (const c of word.slice(1)) {
    if (c === letter) return true;
    if (valued.includes(c)) return false;
  }
  return false;
};

/** `node list`, `client bulk delete`, ...: each Chef object type with the given sub-verbs. */
const knifeObjects = (subverbs: string) =>
  'node client role environment cookbook data+bag user'
    .split(' ')
    .flatMap((object) => subverbs.split(' ').map((v) => `${object}+${v}`))
    .join(' ');

const KUBE_VALUED = ['-n', '--namespace', '--context', '--cluster', '--kubeconfig', '-l', '--selector', '-o', '--output', '-c', '--container', '-f', '--filename', '--user', '-s', '--server', '--token', '--as', '--field-selector', '--sort-by', '--since', '--tail', '-p', '--replicas', '--timeout', '--grace-period', '--type', '--patch'];
const kube = (name: string): ProgramRule => ({
  kind: 'resource',
  valued: KUBE_VALUED,
  namespaced: true,
  verbs: [
    verbs('get describe logs top explain api-resources api-versions version cluster-info events diff wait auth+can-i config+view config+get-contexts config+current-context rollout+status rollout+history port-forward status whoami projects', R('only reads')),
    verbs('delete', D('deletes Kubernetes resources')),
    verbs('drain adm+drain', D('evicts every pod from the node')),
    verbs('replace', W('replaces resources (with --force: deletes and recreates them)')),
    verbs('scale', W('changes how many replicas run')),
    verbs('rollout+restart', D('restarts every pod of the workload (their processes end)')),
    verbs('rollout+undo', W('rolls a workload back')),
    verbs('cnpg+status cnpg+report', R('only reads')),
    verbs('cnpg+promote', D('promotes a replica to primary (the current primary is demoted)')),
    verbs('cnpg+destroy', D('deletes an instance and its storage')),
    verbs('cnpg+restart', D('restarts the cluster\'s instances (their sessions end)')),
    verbs('cnpg+hibernate', D('shuts the cluster down')),
    verbs('cnpg+fencing', W('fences or unfences instances')),
    verbs('cnpg+psql', R('opens an interactive psql session (runs nothing by itself)')),
  ],
  otherwise: W(`changes the cluster (${name} verb not known to be read-only)`),
});

export const PROGRAMS: Record<string, ProgramRule> = {
  kubectl: kube('kubectl'),
  oc: kube('oc'),
  helm: {
    kind: 'resource', valued: ['-n', '--namespace', '--kube-context', '-f', '--values', '--set', '--version', '-o', '--output'], namespaced: true,
    verbs: [
      verbs('list ls status history get show search template lint version env repo+list dependency+list', R('only reads')),
      verbs('uninstall delete del un', D('uninstalls a release and deletes its resources')),
      verbs('rollback', W('rolls a release back to an earlier revision')),
    ],
    otherwise: W('changes releases (helm verb not known to be read-only)'),
  },
  patronictl: {
    kind: 'member', valued: ['-c', '--config-file', '-d', '--dcs-url', '-k', '--insecure', '--group', '--candidate', '--leader', '--primary', '--scheduled', '--member', '-o', '--format', '-W', '-w', '--watch'],
    verbs: [
      verbs('list history show-config topology dsn version', R('only reads')),
      verbs('failover switchover', D('changes which member is primary (the primary\'s sessions end)')),
      verbs('remove', D('removes the cluster\'s state from the DCS')),
      verbs('reinit', D('wipes a replica\'s data directory and rebuilds it from the primary')),
      verbs('restart', D('restarts PostgreSQL on members (their sessions end)')),
      verbs('pause resume', W('pauses or resumes automatic failover')),
    ],
    otherwise: W('changes the cluster (patronictl verb not known to be read-only)'),
  },
  pg_ctl: {
    kind: 'cluster', valued: ['-D', '--pgdata', '-m', '--mode', '-l', '--log', '-o', '--options', '-t', '--timeout', '-s'], verbAt: 'any',
    verbs: [
      verbs('status', R('only reports')),
      verbs('stop restart kill', D('stops PostgreSQL or signals it (sessions end)')),
      verbs('promote', D('turns the standby into a primary')),
      verbs('start reload logrotate init initdb', W('starts, reloads or initialises a server')),
    ],
    otherwise: W('(verb not known to be read-only)'),
  },
  systemctl: {
    kind: 'service', valued: ['-H', '--host', '-M', '--machine', '-p', '--property', '-n', '--lines', '-o', '--output', '-t', '--type', '--state'],
    verbs: [
      verbs('status show is-active is-enabled is-failed list-units list-unit-files list-timers list-dependencies cat', R('only reads')),
      verbs('stop restart try-restart kill isolate', D('stops or restarts the unit (its processes and sessions end)')),
      verbs('poweroff reboot halt kexec', D('shuts the machine down or reboots it')),
      verbs('disable mask', W('keeps the unit from starting')),
    ],
    none: R('lists units'),
    otherwise: W('changes units (systemctl verb not known to be read-only)'),
  },
  service: {
    kind: 'service', verbAt: 'any',
    verbs: [verbs('status', R('only reads')), verbs('stop restart force-reload', D('stops or restarts the service (its sessions end)'))],
    otherwise: W('starts or reloads the service'),
  },
  docker: {
    kind: 'container', valued: ['-H', '--host', '--context', '--file', '-p', '--project-name', '--format', '--filter', '-n', '--tail', '--since', '-e', '--env', '-u', '--user', '-w', '--workdir', '-v', '--volume', '--name', '--network', '--entrypoint'],
    verbs: [
      verbs('ps images logs inspect stats top version info events port diff history image+ls image+inspect container+ls container+inspect volume+ls volume+inspect network+ls network+inspect compose+ps compose+logs compose+config compose+top', R('only reads')),
      verbs('rm rmi container+rm image+rm volume+rm network+rm system+prune volume+prune container+prune image+prune network+prune compose+rm compose+down', D('removes containers, images, volumes or networks')),
      verbs('kill stop restart compose+kill compose+stop compose+restart container+stop container+kill container+restart', D('stops containers (their processes end)')),
    ],
    otherwise: W('changes containers or images (docker verb not known to be read-only)'),
  },
  terraform: {
    kind: 'resource', valued: ['-var', '-var-file', '-target', '-chdir', '-out', '-state'],
    flags: [flag(/^-destroy$/, D('destroys the managed infrastructure'))],
    verbs: [
      verbs('plan show output validate graph version providers state+list state+show workspace+list workspace+show', R('only reads')),
      verbs('destroy state+rm', D('destroys managed infrastructure or forgets it')),
    ],
    otherwise: W('changes infrastructure or state (terraform verb not known to be read-only)'),
  },
  aws: {
    kind: 'resource', verbAt: 'path',
    verbs: [
      verbs('describe list get ls wait show', R('only reads')),
      verbs('delete terminate remove rm rb deregister purge revoke detach', D('deletes or detaches cloud resources')),
      verbs('stop reboot failover promote', D('stops, reboots, fails over or promotes an instance (its sessions end)')),
    ],
    otherwise: W('changes cloud resources (operation not known to be read-only)'),
  },
  redis_cli: {
    kind: 'key', valued: ['-h', '-p', '-a', '-n', '-u', '--user', '--pass', '-s', '-r', '-i', '--tls', '--cacert', '--pattern', '--count'],
    flags: [flag(/^--(scan|bigkeys|memkeys|hotkeys|latency|latency-history|stat)$/, R('scans or measures without changing data'))],
    verbs: [
      verbs('get mget keys scan info ping ttl pttl type exists hget hgetall hkeys lrange llen smembers scard zrange zcard dbsize config+get client+list slowlog+get memory+usage monitor strlen', R('only reads')),
      verbs('flushall flushdb', D('deletes every key (of the database or of all databases)')),
      verbs('del unlink', D('deletes keys')),
      verbs('shutdown', D('stops the Redis server')),
      verbs('client+kill', D('disconnects clients')),
      verbs('script+flush function+flush', D('deletes stored scripts')),
    ],
    none: R('opens an interactive session (runs nothing by itself)'),
    otherwise: W('changes data (Redis command not known to be read-only)'),
  },
  knife: {
    kind: 'host', valued: KNIFE_VALUED,
    verbs: [
      verbs(knifeObjects('list show'), R('only reads')),
      verbs('search status', R('only reads')),
      verbs(knifeObjects('delete bulk+delete'), D('deletes Chef objects')),
    ],
    otherwise: W('changes Chef objects (knife verb not known to be read-only)'),
  },
  pgbackrest: {
    kind: 'resource', valued: ['--stanza', '--type', '--set', '--target', '--repo', '--config', '--pg1-path', '--log-level-console'],
    verbs: [verbs('info check verify repo-ls repo-get version help', R('only reads')), verbs('restore', D('overwrites the data directory with a backup')), verbs('stanza-delete expire', D('deletes backups'))],
    otherwise: W('writes backups or repository state'),
  },
  barman: {
    kind: 'resource', valued: ['-c', '--config', '-f', '--format', '--target-time', '--target-xid', '--target-lsn', '--target-name', '--remote-ssh-command', '-j', '--jobs'],
    verbs: [
      verbs('list-backup list-backups list-server list-servers list-files list-processes show-backup show-backups show-server show-servers status check check-backup diagnose replication-status verify-backup get-wal', R('only reads')),
      verbs('delete', D('deletes backups')),
      verbs('recover', D('restores a backup into the destination directory, overwriting what it holds')),
    ],
    otherwise: W('writes backups or the server\'s state (barman verb not known to be read-only)'),
  },
  pg_probackup: {
    kind: 'resource', valued: ['-B', '--backup-path', '--instance', '-i', '--backup-id', '-D', '--pgdata', '-j', '--threads', '-b', '--backup-mode', '--format', '--recovery-target-time', '--recovery-target-xid', '--recovery-target-lsn'],
    verbs: [
      verbs('show show-config validate checkdb version help', R('only reads')),
      verbs('delete', D('deletes backups')),
      verbs('del-instance', D('deletes an instance and all its backups')),
      verbs('restore', D('overwrites the data directory with a backup')),
    ],
    otherwise: W('writes backups or the catalog (pg_probackup verb not known to be read-only)'),
  },
  etcdctl: {
    kind: 'key', valued: ['--endpoints', '--cacert', '--cert', '--key', '-w', '--write-out'],
    verbs: [verbs('get member+list endpoint+status endpoint+health alarm+list version', R('only reads')), verbs('del member+remove', D('deletes keys or removes a member')), verbs('snapshot+restore', D('replaces the data directory with a snapshot'))],
    otherwise: W('changes etcd (verb not known to be read-only)'),
  },
  'wal-g': {
    kind: 'resource', valued: ['--config', '--turbo'],
    verbs: [verbs('backup-list wal-show wal-verify st+ls st+cat', R('only reads')), verbs('delete', D('deletes backups')), verbs('st+rm', D('deletes files in the backup storage'))],
    otherwise: W('writes backups or restores them (wal-g verb not known to be read-only)'),
  },
  openssl: { kind: 'file', verbs: [verbs('s_client x509 version ciphers verify', R('only reads'))], otherwise: W('may write keys or certificates') },
  'gitlab-ctl': {
    kind: 'service',
    verbs: [verbs('status tail show-config', R('only reads')), verbs('stop restart kill term graceful-kill hup int', D('stops or signals GitLab services (their sessions end)'))],
    otherwise: W('changes GitLab services (gitlab-ctl verb not known to be read-only)'),
  },
  consul: {
    kind: 'key',
    verbs: [verbs('members info version kv+get catalog+services catalog+nodes operator+raft', R('only reads')), verbs('kv+delete leave force-leave snapshot+restore', D('deletes keys, removes a member or replaces the state'))],
    otherwise: W('changes Consul (verb not known to be read-only)'),
  },
  git: {
    kind: 'file', valued: ['-C', '-c'],
    flags: [flag(/^--hard$/, D('discards uncommitted changes (reset --hard)'))],
    verbs: [
      verbs('remote+add remote+remove remote+rm remote+rename remote+set-url remote+set-head remote+prune', W('changes the repository\'s remotes')),
      verbs('status log diff show branch remote fetch rev-parse describe blame grep ls-files ls-remote ls-tree shortlog reflog cat-file show-ref rev-list', R('only reads')),
      verbs('clean', D('deletes untracked files')),
    ],
    otherwise: W('changes the repository'),
  },
  crontab: { kind: 'file', flags: [flag(/^-[a-z]*r/, D('removes the whole crontab')), flag(/^-l$/, R('lists the crontab'))], otherwise: W('replaces or edits the crontab') },
  pg_restore: {
    kind: 'database', valued: ['-d', '--dbname', '-f', '--file', '-h', '-p', '-U', '-j', '-n', '-t', '-L', '-F', '-S'],
    targetOption: ['-d', '--dbname'],
    flags: [
      flag((w) => w === '--clean' || clusterHas('c', 'dfFhIjLnNpPStTU')(w), D('--clean drops the dump\'s objects before recreating them')),
      flag(/^(-l|--list)$/, R('lists the archive\'s contents')),
    ],
    otherwise: W('restores objects and rows into a database'),
  },
  vacuumdb: { kind: 'database', valued: ['-h', '-p', '-U', '-d', '-t', '-j', '-n'], targetOption: ['-d', '--dbname'], flags: [flag((w) => w === '--full' || clusterHas('f', 'dhpUtjnPN')(w), D('--full rewrites tables under an exclusive lock'))], otherwise: W('vacuums or analyzes tables') },
  pgbench: { kind: 'database', valued: ['-h', '-p', '-U', '-c', '-j', '-T', '-t', '-s', '-f', '-P'], flags: [flag((w) => w === '--initialize' || clusterHas('i', 'hpUcjTtsfPDLRM')(w), D('-i drops and recreates the pgbench_* tables'))], otherwise: W('runs a benchmark load against the database') },
  pg_archivecleanup: { kind: 'file', flags: [flag(/^-n$/, R('-n only lists what it would delete'))], otherwise: D('deletes WAL files older than the one given') },
  pg_upgrade: { kind: 'cluster', valued: ['-b', '-B', '-d', '-D', '-j', '-o', '-O', '-p', '-P', '-U'], flags: [flag(/^(-c|--check)$/, R('--check only checks')), flag(/^(-k|--link)$/, D('--link makes the old cluster unusable once the new one starts'))], otherwise: W('upgrades a cluster into a new data directory') },
  wipefs: { kind: 'file', flags: [flag(/^(-n|--no-act)$/, R('--no-act changes nothing'))], otherwise: D('erases filesystem signatures') },
  journalctl: { kind: 'file', valued: ['-u', '-n', '--since', '--until', '-p', '-o', '-b'], flags: [flag(/^--vacuum-/, D('deletes archived journal files')), flag(/^--rotate$/, W('rotates the journal files'))], otherwise: R('only reads logs') },
  shutdown: { kind: 'host', flags: [flag(/^-c$/, W('cancels a pending shutdown'))], otherwise: D('shuts the machine down or reboots it') },
  rsync: { kind: 'file', valued: ['-e', '--rsh', '--exclude', '--include', '--filter'], flags: [flag(/^--(delete|remove-source-files)/, D('deletes files (--delete / --remove-source-files)')), flag(/^(-n|--dry-run|-[a-zA-Z]*n[a-zA-Z]*)$/, R('--dry-run changes nothing'))], otherwise: W('copies files') },
  iptables: { kind: 'resource', valued: ['-t', '--table'], flags: [flag(/^(-L|-S|--list|--list-rules)$/, R('lists rules')), flag(/^(-F|--flush|-X|--delete-chain|-D|--delete)$/, D('deletes firewall rules'))], otherwise: W('changes firewall rules') },
};
PROGRAMS['redis-cli'] = PROGRAMS.redis_cli!;
PROGRAMS.podman = PROGRAMS.docker!;
PROGRAMS['docker-compose'] = { ...PROGRAMS.docker!, verbs: PROGRAMS.docker!.verbs!.map((v) => ({ ...v, verbs: v.verbs.map((x) => x.replace(/^compose /, '')) })) };
PROGRAMS.tofu = PROGRAMS.terraform!;
PROGRAMS['gitlab-patronictl'] = PROGRAMS.patronictl!;
PROGRAMS.pg_ctlcluster = PROGRAMS.pg_ctl!;
PROGRAMS.gcloud = { ...PROGRAMS.aws!, verbs: [...PROGRAMS.aws!.verbs!, verbs('reset restart', D('resets or restarts an instance (its sessions end)'))] };
PROGRAMS.az = PROGRAMS.gcloud;
PROGRAMS.ip6tables = PROGRAMS.iptables!;
PROGRAMS.etcdctl3 = PROGRAMS.etcdctl!;

/** Programs that always destroy or end something, and what. Targets are their positional words. */
export const DESTRUCTIVE: Record<string, { does: string; kind: RiskTargetKind; valued?: string[] }> = {
  rm: { does: 'deletes files', kind: 'file' },
  unlink: { does: 'deletes a file', kind: 'file' },
  shred: { does: 'overwrites files so they cannot be recovered', kind: 'file', valued: ['-n', '-s'] },
  dropdb: { does: 'drops a database', kind: 'database', valued: ['-h', '-p', '-U', '--maintenance-db'] },
  dropuser: { does: 'drops a role', kind: 'role', valued: ['-h', '-p', '-U'] },
  pg_dropcluster: { does: 'deletes a cluster and its data directory', kind: 'cluster' },
  pg_resetwal: { does: 'resets the write-ahead log (committed data may be lost)', kind: 'cluster', valued: ['-D', '-l', '-x', '-m', '-o', '-e', '-c'] },
  pg_rewind: { does: 'overwrites the target data directory from the source', kind: 'cluster', valued: ['-D', '--target-pgdata', '--source-pgdata', '--source-server'] },
  reindexdb: { does: 'rebuilds indexes under locks that block writes', kind: 'database', valued: ['-h', '-p', '-U', '-d', '-t', '-i', '-j', '-S'] },
  clusterdb: { does: 'rewrites tables under an exclusive lock', kind: 'database', valued: ['-h', '-p', '-U', '-d', '-t'] },
  pkill: { does: 'ends the processes matching a pattern', kind: 'process', valued: ['-u', '-U', '-g', '-G', '-P', '-s', '-t', '-F'] },
  killall: { does: 'ends processes by name', kind: 'process', valued: ['-u', '-o', '-y'] },
  reboot: { does: 'reboots the machine', kind: 'host' },
  halt: { does: 'halts the machine', kind: 'host' },
  poweroff: { does: 'powers the machine off', kind: 'host' },
  mkfs: { does: 'creates a filesystem, erasing what the device held', kind: 'file', valued: ['-t', '-L'] },
  fdisk: { does: 'edits partition tables', kind: 'file' },
  parted: { does: 'edits partition tables', kind: 'file' },
  lvremove: { does: 'removes logical volumes', kind: 'file' },
  vgremove: { does: 'removes volume groups', kind: 'file' },
  userdel: { does: 'deletes a user account', kind: 'role' },
  groupdel: { does: 'deletes a group', kind: 'role' },
  'barman-cloud-backup-delete': { does: 'deletes backups from the object store', kind: 'resource', valued: ['-r', '--retention-policy', '-b', '--backup-id', '--cloud-provider', '--endpoint-url', '-P', '--aws-profile'] },
};

const SHELL_STATE = 'changes only this shell\'s state';

/** Programs that only look: they read files, the system or the network and change nothing. */
export const READ_ONLY: Record<string, string> = {
  ...Object.fromEntries(
    (
      'echo printf cat ls grep egrep fgrep zgrep rg ag date head tail wc sort uniq which whoami hostname pwd ' +
      'pg_isready df du ps uptime free ping dig nslookup host jq yq less more pg_controldata pg_lsclusters pg_config printenv id uname ' +
      'stat file cut tr column sleep top htop iostat vmstat mpstat sar netstat ss lsof dmesg lsblk blkid findmnt getent basename ' +
      'dirname realpath readlink seq xxd od hexdump md5sum sha1sum sha256sum diff cmp comm zcat zless nproc lscpu tput clear type ' +
      'pgrep pidof traceroute mtr w who last locale base64 true false'
    )
      .split(' ')
      .map((p) => [p, 'only reads']),
  ),
  ...Object.fromEntries('cd pushd popd set shopt export declare local readonly typeset unset trap ulimit umask alias hash history read exit return break continue shift wait'.split(' ').map((p) => [p, SHELL_STATE])),
  '[': 'tests a condition',
  '[[': 'tests a condition',
  test: 'tests a condition',
  'barman-cloud-backup-list': 'only lists backups',
  'barman-cloud-backup-show': 'only shows a backup',
  pg_dump: 'reads the database (the dump goes to a file or the output)',
  pg_dumpall: 'reads every database (the dump goes to a file or the output)',
};
