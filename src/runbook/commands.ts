// Which words start a command line in the runbooks operators write: the programs of PostgreSQL,
// Patroni, PgBouncer, Kubernetes, clouds, configuration management and the usual Unix tools, shell
// builtins, and paths to executables. Used to tell a command from the output printed after it, and
// to infer a fence's language when the author wrote none. An unknown word is no command: a line
// nobody can recognise is shown, never run (fail safe).

const PROGRAMS = new Set(
  `
psql pg_dump pg_dumpall pg_restore pg_basebackup pg_isready pg_ctl pg_ctlcluster pg_upgrade pg_rewind
pg_receivewal pg_recvlogical pg_archivecleanup pg_controldata pg_resetwal pg_lsclusters pg_createcluster
pg_dropcluster pg_upgradecluster pg_conftool pg_repack pg_checksums pg_amcheck pg_verifybackup pgbench
createdb dropdb createuser dropuser vacuumdb reindexdb clusterdb initdb pg_config oid2name
patroni patronictl pgbouncer pgbackrest barman barman-cloud-backup wal-g wal-e envdir repmgr pgcenter
pg_activity pgcli pgbadger pgb-console
gitlab-psql gitlab-ctl gitlab-rake gitlab-rails gitlab-patronictl gitlab-pgrepack gitlab-backup
kubectl oc helm kustomize k9s kind minikube docker docker-compose podman crictl ctr nerdctl stern
gcloud gsutil aws az doctl terraform tf terragrunt ansible ansible-playbook knife chef-client
chef-client-disable chef-client-enable consul vault nomad etcdctl etcd supabase heroku flyctl
systemctl journalctl service sudo su doas env nohup time timeout watch tmux screen nice ionice renice
ssh scp sftp rsync curl wget nc ncat telnet ping traceroute dig nslookup ip ss netstat lsof
cat less more head tail grep egrep fgrep rg sed awk cut sort uniq wc tr tee xargs find jq yq column
ls cp mv rm mkdir rmdir ln chmod chown chgrp touch stat file du df free top htop ps pgrep pkill kill
killall uptime date sleep hostname whoami id uname dmesg mount umount lsblk fdisk mkfs fsck blkid
tar gzip gunzip zcat bzip2 xz unzip zip base64 openssl sha256sum md5sum diff patch
git make bash sh zsh python python3 pip pip3 ruby gem bundle rbenv rvm node npm npx go cargo java
apt apt-get dpkg yum dnf rpm zypper apk brew snap makepkg paru pacman percona-release
vim vi nano emacs crontab logrotate sysctl ulimit mail sendmail redis-cli mysql mongo mongosh
cd export source echo printf read eval exec test true false wait trap umask pushd popd alias exit
`
    .trim()
    .split(/\s+/),
);

/** Shell keywords that start a line of a script (inference only: SQL and PL/pgSQL share some). */
const KEYWORDS = new Set(['for', 'while', 'until', 'if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'case', 'esac', 'function', '[', '[[', '{', '}', '.']);

/** A word that starts a command: a known program or builtin, a `*ctl` tool, or a path to an executable. */
export function isCommandWord(word: string, keywords = false): boolean {
  if (PROGRAMS.has(word)) return true;
  if (keywords && KEYWORDS.has(word)) return true;
  if (/^[a-z][\w.-]*ctl$/.test(word) || /^kubectl-[\w-]+$/.test(word)) return true;
  // A script on the PATH: `gcs-snapshot.sh`, `restore.py`.
  if (/^[\w.-]+\.(?:sh|bash|py|rb|pl)$/.test(word)) return true;
  if (!word.includes('/')) return false;
  const base = word.slice(word.lastIndexOf('/') + 1);
  // `./upgrade.sh`, `/usr/lib/postgresql/13/bin/pg_upgrade`, `bin/tootctl`, `~/scripts/fix.sh`.
  return (
    PROGRAMS.has(base) ||
    /\.(?:sh|bash|py|rb|pl)$/.test(base) ||
    /(?:^|\/)s?bin\/[^/]+$/.test(word) ||
    (word.startsWith('./') && base !== '')
  );
}
