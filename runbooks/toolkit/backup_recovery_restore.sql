-- The `backup_recovery` schema, continued: restore, retention, health, maintenance and the monthly drill.

-- Restores a backup into `target_table`, in the caller's transaction (any error undoes all of it):
--   replace: the target's rows become exactly the backup's;
--   merge:   rows of the backup whose primary key is missing from the target are inserted.
-- Foreign keys are checked at the end (deferred meanwhile), so replacing `animals` keeps journal entries
-- that point at restored animals, and fails cleanly when some would be left dangling. A target that does
-- not exist is created with the backup's columns (no constraints or indexes: recreate those from
-- migrations). Returns a one-line summary.
CREATE OR REPLACE FUNCTION backup_recovery.restore_table(backup_name text, target_table text, mode text DEFAULT 'replace')
RETURNS text
LANGUAGE plpgsql VOLATILE SET row_security = off AS $$
DECLARE
  c backup_recovery.backup_catalog := backup_recovery.find_backup(restore_table.backup_name);
  src regclass := to_regclass(format('backup_recovery.%I', c.backup_name));
  dst regclass := to_regclass(target_table);
  cols text;
  missing text;
  key_match text;
  deleted bigint := 0;
  inserted bigint;
  created boolean := false;
  seq record;
  after record;
BEGIN
  IF mode NOT IN ('replace', 'merge') THEN
    RAISE EXCEPTION 'restore mode must be replace or merge, not "%"', mode;
  END IF;
  IF src IS NULL THEN
    RAISE EXCEPTION 'backup table backup_recovery.% is missing (catalogued but dropped)', c.backup_name;
  END IF;
  IF dst IS NULL THEN
    EXECUTE format('CREATE TABLE %s (LIKE %s)', target_table, src);
    dst := to_regclass(target_table);
    created := true;
  END IF;
  SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum),
         string_agg(quote_ident(a.attname), ', ') FILTER (WHERE NOT EXISTS (
           SELECT 1 FROM pg_attribute t WHERE t.attrelid = dst AND t.attname = a.attname AND NOT t.attisdropped))
    INTO cols, missing
    FROM pg_attribute a WHERE a.attrelid = src AND a.attnum > 0 AND NOT a.attisdropped;
  IF missing IS NOT NULL THEN
    RAISE EXCEPTION '% has no column(s) % of backup %', dst, missing, c.backup_name;
  END IF;

  EXECUTE format('LOCK TABLE %s IN EXCLUSIVE MODE', dst);  -- readers go on; writers wait for the restore
  SET CONSTRAINTS ALL DEFERRED;
  IF mode = 'replace' THEN
    EXECUTE format('DELETE FROM %s', dst);
    GET DIAGNOSTICS deleted = ROW_COUNT;
    EXECUTE format('INSERT INTO %s (%s) OVERRIDING SYSTEM VALUE SELECT %s FROM %s', dst, cols, cols, src);
  ELSE
    SELECT string_agg(format('t.%1$I = b.%1$I', a.attname), ' AND ') INTO key_match
      FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
     WHERE i.indrelid = dst AND i.indisprimary;
    IF key_match IS NULL THEN
      RAISE EXCEPTION 'merge needs a primary key on %', dst;
    END IF;
    EXECUTE format('INSERT INTO %s (%s) OVERRIDING SYSTEM VALUE SELECT %s FROM %s b WHERE NOT EXISTS (SELECT 1 FROM %s t WHERE %s)',
                   dst, cols, cols, src, dst, key_match);
  END IF;
  GET DIAGNOSTICS inserted = ROW_COUNT;
  SET CONSTRAINTS ALL IMMEDIATE;  -- foreign keys are checked here; a violation aborts the whole restore

  -- Restored explicit ids must not be handed out again by identity / serial sequences.
  FOR seq IN SELECT a.attname, pg_get_serial_sequence(dst::text, a.attname) AS name
               FROM pg_attribute a WHERE a.attrelid = dst AND a.attnum > 0 AND NOT a.attisdropped
                AND pg_get_serial_sequence(dst::text, a.attname) IS NOT NULL LOOP
    EXECUTE format('SELECT setval(%L, greatest((SELECT max(%I) FROM %s), (SELECT last_value FROM %s)))',
                   seq.name, seq.attname, dst, seq.name);
  END LOOP;

  after := backup_recovery.table_checksum(dst);
  RETURN format('%s %s from backup_recovery.%s: %s rows deleted, %s inserted, %s rows now%s',
                mode, dst, c.backup_name, deleted, inserted, after.row_count,
                CASE WHEN created THEN ' (table created from the backup''s columns)' ELSE '' END
                || CASE WHEN mode = 'replace' AND after.checksum = c.checksum THEN '; checksum matches the backup'
                        WHEN mode = 'replace' THEN '; checksum differs from the backup catalog'
                        ELSE '' END);
END
$$;
COMMENT ON FUNCTION backup_recovery.restore_table(text, text, text) IS 'Restores a backup into a table (replace or merge) in one transaction; returns a summary.';

-- Drops backup copies older than `days` days with their catalog rows; reports what it dropped and kept.
CREATE OR REPLACE FUNCTION backup_recovery.cleanup_old_backups(days integer)
RETURNS TABLE (backups_dropped integer, dropped text[], backups_kept integer)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  old record;
  names text[] := '{}';
BEGIN
  IF days IS NULL OR days < 0 THEN
    RAISE EXCEPTION 'cleanup_old_backups needs a retention of 0 or more days';
  END IF;
  FOR old IN DELETE FROM backup_recovery.backup_catalog c WHERE c.created_at < now() - make_interval(days => days)
             RETURNING c.backup_name LOOP
    EXECUTE format('DROP TABLE IF EXISTS backup_recovery.%I', old.backup_name);
    names := names || old.backup_name;
  END LOOP;
  RETURN QUERY SELECT cardinality(names), names, (SELECT count(*)::integer FROM backup_recovery.backup_catalog);
END
$$;
COMMENT ON FUNCTION backup_recovery.cleanup_old_backups(integer) IS 'Drops backups older than N days; reports the count, their names and how many remain.';

-- Reports backup health: age of the latest backup (daily schedule: WARNING after 26 h, CRITICAL after
-- 50 h or when there is none), whether the latest full backup still validates, catalogued copies that
-- are missing, WAL archiving (the runbook's 15-minute RPO needs it) and tables without RLS.
CREATE OR REPLACE FUNCTION backup_recovery.health_check()
RETURNS TABLE (check_name text, status text, details text)
LANGUAGE plpgsql STABLE AS $$
DECLARE
  latest timestamptz := (SELECT max(created_at) FROM backup_recovery.backup_catalog WHERE backup_type <> 'drill');
  latest_set text := (SELECT backup_set FROM backup_recovery.backup_catalog WHERE backup_type = 'full' ORDER BY created_at DESC LIMIT 1);
  bad text;
BEGIN
  RETURN QUERY SELECT 'latest_backup',
    CASE WHEN latest IS NULL OR latest < now() - interval '50 hours' THEN 'CRITICAL'
         WHEN latest < now() - interval '26 hours' THEN 'WARNING' ELSE 'OK' END,
    coalesce('latest backup ' || date_trunc('second', now() - latest) || ' ago', 'no backup in backup_recovery.backup_catalog');

  IF latest_set IS NULL THEN
    RETURN QUERY SELECT 'full_backup_valid', 'WARNING', 'no full backup yet: SELECT * FROM backup_recovery.create_full_backup()';
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

  RETURN QUERY SELECT 'wal_archiving', CASE WHEN current_setting('archive_mode') = 'off' THEN 'WARNING' ELSE 'OK' END,
                      'archive_mode = ' || current_setting('archive_mode')
                      || CASE WHEN current_setting('archive_mode') = 'off' THEN ': no point-in-time recovery (RPO 15 min needs WAL archiving)' ELSE '' END;

  SELECT string_agg(tablename, ', ') INTO bad FROM pg_tables WHERE schemaname = 'public' AND NOT rowsecurity;
  RETURN QUERY SELECT 'row_level_security', CASE WHEN bad IS NULL THEN 'OK' ELSE 'CRITICAL' END,
                      coalesce('RLS disabled on ' || bad, 'enabled on every table in public');
END
$$;
COMMENT ON FUNCTION backup_recovery.health_check() IS 'Backup freshness and validity, missing copies, WAL archiving, RLS: OK/WARNING/CRITICAL/FAILED.';

-- Weekly maintenance, as far as a function can go: ANALYZE every table of schema public (statistics are
-- refreshed inside the transaction). VACUUM cannot run inside a function or transaction block, so for
-- each table with dead tuples it reports the VACUUM statement to run separately (autovacuum also will).
CREATE OR REPLACE FUNCTION backup_recovery.perform_maintenance()
RETURNS TABLE (table_name text, action text, status text, duration_ms numeric, details text)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  t record;
  started timestamptz;
BEGIN
  FOR t IN SELECT s.relid::regclass AS rel, s.n_dead_tup
             FROM pg_stat_user_tables s WHERE s.schemaname = 'public' ORDER BY s.relname LOOP
    started := clock_timestamp();
    EXECUTE format('ANALYZE %s', t.rel);
    RETURN QUERY SELECT t.rel::text, 'ANALYZE', 'DONE',
                        round(extract(epoch FROM clock_timestamp() - started)::numeric * 1000, 1),
                        'statistics refreshed'::text;
    IF t.n_dead_tup > 0 THEN
      RETURN QUERY SELECT t.rel::text, 'VACUUM', 'TO RUN', NULL::numeric,
                          format('%s dead tuples: run VACUUM (ANALYZE) %s; outside a transaction (VACUUM cannot run inside a function)',
                                 t.n_dead_tup, t.rel);
    END IF;
  END LOOP;
END
$$;
COMMENT ON FUNCTION backup_recovery.perform_maintenance() IS 'ANALYZEs every public table; lists the VACUUM statements to run outside a transaction.';

-- The monthly drill: back up `table_name`, restore the copy into a scratch table, check that row count
-- and checksum match the original, clean up, and report each step PASS/FAIL with its duration and the
-- total against the runbook's 1-hour RTO. Leaves nothing behind.
CREATE OR REPLACE FUNCTION backup_recovery.disaster_recovery_drill(table_name text DEFAULT 'animals')
RETURNS TABLE (step text, status text, duration_ms numeric, details text)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  began timestamptz := clock_timestamp();
  started timestamptz;
  backup text;
  scratch text := 'backup_recovery.drill_restore_' || to_char(clock_timestamp(), 'YYYYMMDD_HH24MISS');
  original record;
  restored record;
  ok boolean := true;
  ms numeric;
BEGIN
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
  EXCEPTION WHEN OTHERS THEN
    ok := false;
    RETURN QUERY SELECT 'restore', 'FAIL', NULL::numeric, SQLERRM;
  END;

  IF ok THEN
    started := clock_timestamp();
    ok := restored.row_count = original.row_count AND restored.checksum = original.checksum
          AND (SELECT v.status FROM backup_recovery.validate_backup(backup) v) = 'VALID';
    ms := round(extract(epoch FROM clock_timestamp() - started)::numeric * 1000, 1);
    RETURN QUERY SELECT 'validate', CASE WHEN ok THEN 'PASS' ELSE 'FAIL' END, ms,
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
  RETURN QUERY SELECT 'overall', CASE WHEN ok THEN 'PASS' ELSE 'FAIL' END, ms,
                      format('recovery of %s took %s ms (RTO 1 hour)', table_name, ms);
END
$$;
COMMENT ON FUNCTION backup_recovery.disaster_recovery_drill(text) IS 'Backup, restore into a scratch table, validate, clean up: PASS/FAIL per step with timings.';
