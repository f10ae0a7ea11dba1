-- The `backup_recovery` schema, continued: health, weekly maintenance and the monthly drill. Their
-- expectations are the runbook's: the Backup Schedule table (backup_recovery.backup_schedule) and the
-- Key Metrics Targets (performance.metric_targets: RTO, RPO), written by runbook db install-toolkit.

-- How old a backup may be before it is late: one interval plus a twelfth of it (26 h for a daily one;
-- the job itself takes time). Missing two runs is CRITICAL.
CREATE OR REPLACE FUNCTION backup_recovery.age_status(age interval, every interval) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN age IS NULL THEN 'CRITICAL'
              WHEN every IS NULL THEN 'WARNING'
              WHEN age > 2 * every + every / 12 THEN 'CRITICAL'
              WHEN age > every + every / 12 THEN 'WARNING'
              ELSE 'OK' END
$$;

-- Reports backup health against the runbook's Backup Schedule: for each scheduled kind the age of its
-- latest backup (copies catalogued here; WAL archiving via pg_stat_archiver; storage outside the
-- database reported as not checkable), retention, whether the latest full backup set still validates,
-- catalogued copies that are missing, and tables without RLS.
CREATE OR REPLACE FUNCTION backup_recovery.health_check()
RETURNS TABLE (check_name text, status text, details text)
LANGUAGE plpgsql STABLE AS $$
DECLARE
  s record;
  latest record;
  arch record;
  latest_set text := (SELECT c.backup_set FROM backup_recovery.backup_catalog c WHERE c.backup_type = 'full' ORDER BY c.created_at DESC LIMIT 1);
  bad text;
  rpo numeric := performance.target('rpo');
BEGIN
  IF NOT EXISTS (SELECT 1 FROM backup_recovery.backup_schedule) THEN
    RETURN QUERY SELECT 'backup_schedule', 'WARNING',
      'no Backup Schedule to check against: install the toolkit from the runbook (runbook db install-toolkit)'::text;
  END IF;
  FOR s IN SELECT * FROM backup_recovery.backup_schedule ORDER BY every NULLS LAST, backup_type LOOP
    IF s.checked_by = 'catalog' THEN
      SELECT c.created_at, c.backup_set, c.backup_name INTO latest
        FROM backup_recovery.backup_catalog c
       WHERE CASE WHEN s.kind = 'full' THEN c.backup_type = 'full' ELSE c.backup_type <> 'drill' END
       ORDER BY c.created_at DESC LIMIT 1;
      RETURN QUERY SELECT 'latest_' || s.kind || '_backup', backup_recovery.age_status(now() - latest.created_at, s.every),
        coalesce('latest ' || lower(s.backup_type) || ' ' || coalesce(latest.backup_set, latest.backup_name) || ' was taken '
                 || date_trunc('second', now() - latest.created_at) || ' ago', 'no ' || lower(s.backup_type) || ' in backup_recovery.backup_catalog')
        || format('; the runbook schedules %s "%s"%s (%s)', s.backup_type, s.frequency,
                  CASE WHEN s.every IS NULL THEN ', a frequency it could not read' ELSE ' (every ' || s.every || ')' END, s.source);
      IF s.keep_for IS NOT NULL THEN
        SELECT string_agg(c.backup_name, ', ' ORDER BY c.created_at) INTO bad FROM backup_recovery.backup_catalog c
         WHERE c.created_at < now() - s.keep_for - interval '1 day'
           AND CASE WHEN s.kind = 'full' THEN c.backup_type = 'full' ELSE c.backup_type <> 'drill' END;
        RETURN QUERY SELECT s.kind || '_backup_retention', CASE WHEN bad IS NULL THEN 'OK' ELSE 'WARNING' END,
          CASE WHEN bad IS NULL THEN format('nothing kept past the %s retention of %s', s.retention, s.backup_type)
               ELSE format('older than the %s retention of %s: %s (cleanup_old_backups drops them)', s.retention, s.backup_type, bad) END;
      END IF;
    ELSIF s.checked_by = 'wal' THEN
      SELECT * INTO arch FROM pg_stat_archiver;
      RETURN QUERY SELECT 'wal_archiving',
        CASE WHEN current_setting('archive_mode') = 'off' THEN 'CRITICAL'
             WHEN arch.last_failed_time > coalesce(arch.last_archived_time, '-infinity') THEN 'CRITICAL'
             ELSE backup_recovery.age_status(now() - arch.last_archived_time, s.every) END,
        CASE WHEN current_setting('archive_mode') = 'off'
             THEN format('archive_mode = off, but the runbook schedules %s "%s" in %s (%s): no WAL is archived, no point-in-time recovery',
                         s.backup_type, s.frequency, s.location, s.source)
             ELSE format('last WAL archived %s ago (%s), last failure %s; the runbook schedules %s "%s" (%s)',
                         coalesce(date_trunc('second', now() - arch.last_archived_time)::text, 'never'), coalesce(arch.last_archived_wal, '-'),
                         coalesce(arch.last_failed_time::text, 'none'), s.backup_type, s.frequency, s.source) END;
    ELSE
      RETURN QUERY SELECT lower(regexp_replace(s.backup_type, '\W+', '_', 'g')), 'NOT CHECKED',
        format('%s "%s" is kept in %s, outside the database: check it there (%s)', s.backup_type, s.frequency, s.location, s.source);
    END IF;
  END LOOP;

  IF NOT EXISTS (SELECT 1 FROM backup_recovery.backup_schedule WHERE checked_by = 'wal') THEN
    RETURN QUERY SELECT 'wal_archiving', CASE WHEN current_setting('archive_mode') = 'off' THEN 'WARNING' ELSE 'OK' END,
                        'archive_mode = ' || current_setting('archive_mode')
                        || CASE WHEN current_setting('archive_mode') = 'off'
                                THEN ': no point-in-time recovery' || coalesce(' (the runbook''s RPO of ' || (rpo / 60) || ' minutes needs WAL archiving)', '')
                                ELSE '' END;
  END IF;

  IF latest_set IS NULL THEN
    RETURN QUERY SELECT 'full_backup_valid', 'WARNING', 'no full backup yet: SELECT * FROM backup_recovery.create_full_backup()'::text;
  ELSE
    SELECT string_agg(v.backup || ' ' || v.status, ', ') INTO bad
      FROM backup_recovery.backup_catalog c, LATERAL backup_recovery.validate_backup(c.backup_name) v
     WHERE c.backup_set = latest_set AND v.status <> 'VALID';
    RETURN QUERY SELECT 'full_backup_valid', CASE WHEN bad IS NULL THEN 'OK' ELSE 'FAILED' END,
                        coalesce(bad, 'every table of ' || latest_set || ' matches its row count and checksum');
  END IF;

  SELECT string_agg(c.backup_name, ', ') INTO bad FROM backup_recovery.backup_catalog c
   WHERE to_regclass(format('backup_recovery.%I', c.backup_name)) IS NULL;
  RETURN QUERY SELECT 'backup_copies_present', CASE WHEN bad IS NULL THEN 'OK' ELSE 'WARNING' END,
                      coalesce('catalogued but dropped: ' || bad, 'every catalogued copy exists');

  SELECT string_agg(tablename, ', ') INTO bad FROM pg_tables WHERE schemaname = 'public' AND NOT rowsecurity;
  RETURN QUERY SELECT 'row_level_security', CASE WHEN bad IS NULL THEN 'OK' ELSE 'CRITICAL' END,
                      coalesce('RLS disabled on ' || bad, 'enabled on every table in public');
END
$$;
COMMENT ON FUNCTION backup_recovery.health_check() IS 'Backups against the runbook''s Backup Schedule (age, retention, WAL archiving), validity of the latest full set, missing copies, RLS: OK/WARNING/CRITICAL/FAILED.';

-- The VACUUM statements of the weekly maintenance, one row each (every table of schema public, most dead
-- tuples first). VACUUM cannot run inside a function or a transaction block, so the runbook's step runs
-- these with psql's \gexec, which executes each returned value as a statement of its own:
--   SELECT statement FROM backup_recovery.maintenance_statements() \gexec
CREATE OR REPLACE FUNCTION backup_recovery.maintenance_statements()
RETURNS TABLE (statement text)
LANGUAGE sql STABLE AS $$
  SELECT format('VACUUM (ANALYZE) %s', s.relid::regclass)
    FROM pg_stat_user_tables s
   WHERE s.schemaname = 'public'
   ORDER BY s.n_dead_tup DESC, s.relname
$$;
COMMENT ON FUNCTION backup_recovery.maintenance_statements() IS 'VACUUM (ANALYZE) statements for every public table, for psql''s \gexec (VACUUM cannot run in a function).';

-- Weekly maintenance, as far as a function can go: ANALYZE every table of schema public (statistics are
-- refreshed inside the transaction), and for each table the VACUUM to run outside it, with its dead
-- tuples and last vacuum (maintenance_statements() lists them for \gexec).
CREATE OR REPLACE FUNCTION backup_recovery.perform_maintenance()
RETURNS TABLE (table_name text, action text, status text, duration_ms numeric, details text)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  t record;
  started timestamptz;
BEGIN
  FOR t IN SELECT s.relid::regclass AS rel, s.n_dead_tup, greatest(s.last_vacuum, s.last_autovacuum) AS vacuumed
             FROM pg_stat_user_tables s WHERE s.schemaname = 'public' ORDER BY s.relname LOOP
    started := clock_timestamp();
    EXECUTE format('ANALYZE %s', t.rel);
    RETURN QUERY SELECT t.rel::text, 'ANALYZE', 'DONE',
                        round(extract(epoch FROM clock_timestamp() - started)::numeric * 1000, 1),
                        'statistics refreshed'::text;
    RETURN QUERY SELECT t.rel::text, 'VACUUM', 'TO RUN', NULL::numeric,
                        format('%s dead tuples, last vacuumed %s: VACUUM (ANALYZE) %s; runs outside a transaction, e.g. SELECT statement FROM backup_recovery.maintenance_statements() \gexec',
                               t.n_dead_tup, coalesce(t.vacuumed::text, 'never'), t.rel);
  END LOOP;
END
$$;
COMMENT ON FUNCTION backup_recovery.perform_maintenance() IS 'ANALYZEs every public table; lists the VACUUM per table to run outside a transaction (see maintenance_statements).';

-- The monthly drill: check that the latest full backup set still validates, back up `table_name`,
-- restore the copy into a scratch table, check that row count and checksum match the original, clean
-- up, and report each step PASS/FAIL with its duration and the total against the runbook's RTO.
-- Leaves nothing behind. Overall PASS only when every step passed.
CREATE OR REPLACE FUNCTION backup_recovery.disaster_recovery_drill(table_name text DEFAULT 'animals')
RETURNS TABLE (step text, status text, duration_ms numeric, details text)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  began timestamptz := clock_timestamp();
  started timestamptz;
  backup text;
  scratch text := 'backup_recovery.drill_restore_' || to_char(clock_timestamp(), 'YYYYMMDD_HH24MISS');
  latest_set text := (SELECT c.backup_set FROM backup_recovery.backup_catalog c WHERE c.backup_type = 'full' ORDER BY c.created_at DESC LIMIT 1);
  broken text;
  original record;
  restored record;
  ok boolean := true;
  step_ok boolean;
  ms numeric;
  rto numeric := performance.target('rto');
BEGIN
  started := clock_timestamp();
  IF latest_set IS NULL THEN
    step_ok := false;
    broken := 'no full backup to recover from: SELECT * FROM backup_recovery.create_full_backup()';
  ELSE
    SELECT string_agg(v.backup || ' ' || v.status, ', ') INTO broken
      FROM backup_recovery.backup_catalog c, LATERAL backup_recovery.validate_backup(c.backup_name) v
     WHERE c.backup_set = latest_set AND v.status <> 'VALID';
    step_ok := broken IS NULL;
  END IF;
  ok := ok AND step_ok;
  ms := round(extract(epoch FROM clock_timestamp() - started)::numeric * 1000, 1);
  RETURN QUERY SELECT 'latest_full_backup', CASE WHEN step_ok THEN 'PASS' ELSE 'FAIL' END, ms,
                      coalesce(latest_set || ': ' || broken, broken, latest_set || ': every copy matches its row count and checksum');

  started := clock_timestamp();
  original := backup_recovery.table_checksum(table_name::regclass);
  backup := backup_recovery.create_table_backup(table_name, 'drill');
  ms := round(extract(epoch FROM clock_timestamp() - started)::numeric * 1000, 1);
  RETURN QUERY SELECT 'backup', 'PASS', ms, format('%s rows of %s copied to %s', original.row_count, table_name, backup);

  started := clock_timestamp();
  BEGIN
    PERFORM backup_recovery.restore_table(backup, scratch, 'replace');
    restored := backup_recovery.table_checksum(scratch::regclass);
    ms := round(extract(epoch FROM clock_timestamp() - started)::numeric * 1000, 1);
    RETURN QUERY SELECT 'restore', 'PASS', ms, format('%s rows restored into %s', restored.row_count, scratch);
    step_ok := true;
  EXCEPTION WHEN OTHERS THEN
    step_ok := false;
    RETURN QUERY SELECT 'restore', 'FAIL', NULL::numeric, SQLERRM;
  END;
  ok := ok AND step_ok;

  IF step_ok THEN
    started := clock_timestamp();
    step_ok := restored.row_count = original.row_count AND restored.checksum = original.checksum
               AND (SELECT v.status FROM backup_recovery.validate_backup(backup) v) = 'VALID';
    ok := ok AND step_ok;
    ms := round(extract(epoch FROM clock_timestamp() - started)::numeric * 1000, 1);
    RETURN QUERY SELECT 'validate', CASE WHEN step_ok THEN 'PASS' ELSE 'FAIL' END, ms,
                        format('original %s rows md5 %s, restored %s rows md5 %s', original.row_count,
                               original.checksum, restored.row_count, restored.checksum);
  END IF;

  started := clock_timestamp();
  EXECUTE format('DROP TABLE IF EXISTS %s', scratch);
  EXECUTE format('DROP TABLE %s', backup);
  DELETE FROM backup_recovery.backup_catalog c WHERE 'backup_recovery.' || c.backup_name = backup;
  ms := round(extract(epoch FROM clock_timestamp() - started)::numeric * 1000, 1);
  RETURN QUERY SELECT 'cleanup', 'PASS', ms, 'dropped the drill''s backup and scratch table';

  ms := round(extract(epoch FROM clock_timestamp() - began)::numeric * 1000, 1);
  IF rto IS NOT NULL AND ms > rto * 1000 THEN
    ok := false;
  END IF;
  RETURN QUERY SELECT 'overall', CASE WHEN ok THEN 'PASS' ELSE 'FAIL' END, ms,
                      format('recovery of %s took %s ms%s%s', table_name, ms,
                             coalesce(' (the runbook''s RTO: ' || make_interval(secs => rto) || ')', ' (the runbook names no RTO)'),
                             CASE WHEN ok THEN '' ELSE '; a step failed or the RTO was exceeded' END);
END
$$;
COMMENT ON FUNCTION backup_recovery.disaster_recovery_drill(text) IS 'Latest full set validates, then backup, restore into a scratch table, validate, clean up: PASS/FAIL per step with timings against the runbook''s RTO.';
