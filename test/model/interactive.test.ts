// Interactive commands are recognised in the model (issue 13, item 6): the reason the UI hands over
// the terminal and exec refuses them; what needs no terminal stays plain.
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureSqlParser } from '../../src/runbook/sql-parser.js';
import { interactiveReason } from '../../src/runbook/interactive.js';

beforeAll(async () => {
  await ensureSqlParser();
});

describe('interactive statements', () => {
  it.each([
    ['psql -h db.internal -U ops appdb', 'psql without -c or -f opens an interactive session'],
    ['sudo -u postgres psql', 'psql without -c or -f opens an interactive session'],
    ['sudo gitlab-psql', 'gitlab-psql without -c or -f opens an interactive session'],
    ['read -p "Operating in gprd; press return> " && knife ssh ...', 'read waits for an answer typed at the terminal'],
    ['sudo su - gitlab-psql', 'sudo su opens a shell as another user'],
    ['sudo -i', 'sudo -i opens a shell as another user'],
    ['sudo patronictl -c /etc/patroni/patroni.yml switchover', 'patronictl switchover asks for confirmation (add --force to answer it)'],
    ['gitlab-patronictl failover pg-ha', 'gitlab-patronictl failover asks for confirmation (add --force to answer it)'],
    ['kubectl exec -it pg-0 -- bash', 'kubectl exec -it opens an interactive terminal in the container'],
    ['kubectl cnpg psql cluster-example', 'kubectl cnpg psql opens an interactive session'],
    ['sudo journalctl -u patroni -n 100 -f', 'journalctl -f follows the log until it is stopped'],
    ['tail -f /var/log/postgresql/postgresql.log', 'tail -f follows the log until it is stopped'],
    ['EDITOR=vim bin/gkms-vault-edit gitlab-patroni gstg', 'gkms-vault-edit opens an editor'],
    ['sudo vim /etc/postgresql/16/main/postgresql.conf', 'vim is an editor'],
    ['ssh db-2.internal', 'ssh without a command opens a remote shell'],
    ['tmux', 'tmux takes over the terminal'],
    ['pg_dump --username app --password --host localhost appdb > appdb.sql', 'pg_dump --password asks for the password at the terminal'],
    ['psql -W -h db -c "select 1"', 'psql --password asks for the password at the terminal'],
    ['oc rsh -c etcdctl -n openshift-etcd etcd-0', 'oc rsh without a command opens a shell in the pod'],
    ['knife client bulk delete "^pg-ci-0[1-3]"', 'knife client bulk delete asks for confirmation (add --yes to answer it)'],
  ])('%s', (text, reason) => {
    expect(interactiveReason(text)?.reason).toBe(reason);
  });

  it.each([
    'psql -h db -c "select 1"',
    'psql -Atqc "select 1"',
    'psql -f /tmp/fix.sql appdb',
    'psql appdb < dump.sql',
    'cat fix.sql | psql appdb',
    "psql appdb <<'SQL'\nselect 1;\nSQL",
    'patronictl switchover --force --candidate node2',
    'patronictl list',
    'kubectl exec pg-0 -- psql -c "select 1"',
    'kubectl logs -n db pg-0',
    'ssh db-2 "sudo systemctl reload patroni"',
    'echo "name" | read NAME',
    'for i in 1 2 3; do echo "tick $i"; sleep 1; done',
    'oc rsh -n db pg-0 ls /var/lib/pgsql',
    'knife node delete --yes pg-ci-01',
  ])('not interactive: %s', (text) => {
    expect(interactiveReason(text)).toBeUndefined();
  });

  it('says what a bare psql does without a terminal (a connection check), and nothing for the others', () => {
    expect(interactiveReason('psql -h db -U ops appdb')).toEqual({
      reason: 'psql without -c or -f opens an interactive session',
      withoutTerminal: 'with no terminal it only checks that it can connect',
    });
    expect(interactiveReason('read -p "continue?" x')?.withoutTerminal).toBeUndefined();
  });
});
