-- The `backup_recovery` schema, continued: restore and retention.

-- Earlier versions had restore_table(text, text, text): with the 4-argument version below a call with three
-- arguments would be ambiguous.
DROP FUNCTION IF EXISTS backup_recovery.restore_table(text, text, text);

-- The tables whose foreign keys reference `rel` (self-references left out), by name.
CREATE OR REPLACE FUNCTION backup_recovery.referencing_tables(rel regclass) RETURNS SETOF regclass
LANGUAGE sql STABLE AS $$
  SELECT t FROM (SELECT DISTINCT c.conrelid::regclass AS t FROM pg_constraint c
                  WHERE c.contype = 'f' AND c.confrelid = rel AND c.conrelid <> rel) d
   ORDER BY t::text
$$;

-- Restores a backup into `target_table`, in the caller's transaction (any error undoes all of it):
--   replace: the target's rows become exactly the backup's;
--   merge:   rows of the backup whose primary key is missing from the target are inserted.
-- Rows are matched by primary key: rows the backup also has are updated in place, missing ones inserted,
-- and only rows the backup does not have are deleted. So rows of other tables that reference a restored
-- row keep it, and nothing cascades. Before anything changes, replace refuses (naming them) when rows of
-- other tables reference rows that would be deleted: an ON DELETE CASCADE would delete them, SET NULL
-- would clear them, a plain foreign key would fail. with_dependants => true restores those tables too,
-- from the same full backup set (create_full_backup copies all tables in one snapshot, so the set is
-- consistent): parents' new rows first, then children, then deletions children first.
-- A target that does not exist is created with the backup's columns (no constraints or indexes: recreate
-- those from migrations). Returns a one-line summary per table.
CREATE OR REPLACE FUNCTION backup_recovery.restore_table(backup_name text, target_table text, mode text DEFAULT 'replace',
                                                         with_dependants boolean DEFAULT false)
RETURNS text
LANGUAGE plpgsql VOLATILE SET row_security = off AS $$
DECLARE
  c backup_recovery.backup_catalog := backup_recovery.find_backup(restore_table.backup_name);
  root regclass := to_regclass(target_table);
  created boolean := false;
  dsts regclass[];                 -- the tables restored, parents before children
  srcs regclass[];
  cats backup_recovery.backup_catalog[];
  depth integer[];
  perm bigint[];
  changed boolean;
  child regclass;
  k integer;
  fk record;
  cnt bigint;
  refused text[] := '{}';
  cols text; tcols text; bcols text; sets text; missing text; key_match text;
  deleted bigint[]; updated bigint[]; inserted bigint[];
  n bigint;
  seq record;
  after record;
  summary text[] := '{}';
BEGIN
  IF mode NOT IN ('replace', 'merge') THEN
    RAISE EXCEPTION 'restore mode must be replace or merge, not "%"', mode;
  END IF;
  IF to_regclass(format('backup_recovery.%I', c.backup_name)) IS NULL THEN
    RAISE EXCEPTION 'backup table backup_recovery.% is missing (catalogued but dropped)', c.backup_name;
  END IF;
  IF root IS NULL THEN
    EXECUTE format('CREATE TABLE %s (LIKE backup_recovery.%I)', target_table, c.backup_name);
    root := to_regclass(target_table);
    created := true;
  END IF;
  dsts := ARRAY[root];
  srcs := ARRAY[format('backup_recovery.%I', c.backup_name)::regclass];
  cats := ARRAY[c];

  -- With dependants: every table that references a restored one, transitively, from the same set.
  IF with_dependants THEN
    k := 1;
    WHILE k <= cardinality(dsts) LOOP
      FOR child IN SELECT * FROM backup_recovery.referencing_tables(dsts[k]) LOOP
        CONTINUE WHEN child = ANY (dsts);
        IF c.backup_set IS NULL THEN
          RAISE EXCEPTION 'restore_table: % is referenced by %, and backup % belongs to no full backup set to restore it from', root, child, c.backup_name
            USING HINT = 'Nothing was changed. Restore from a backup taken by create_full_backup() to restore dependants with it.';
        END IF;
        SELECT * INTO c FROM backup_recovery.backup_catalog b
         WHERE b.backup_set = (cats[1]).backup_set
           AND to_regclass(b.source_table) = child AND to_regclass(format('backup_recovery.%I', b.backup_name)) IS NOT NULL;
        IF NOT FOUND THEN
          RAISE EXCEPTION 'restore_table: backup set % has no copy of %, which references %', (cats[1]).backup_set, child, dsts[k]
            USING HINT = 'Nothing was changed.';
        END IF;
        dsts := dsts || child;
        srcs := srcs || format('backup_recovery.%I', c.backup_name)::regclass;
        cats := cats || c;
      END LOOP;
      k := k + 1;
    END LOOP;
    c := cats[1];
    -- Parents before children: depth = longest chain of references from the root within the set.
    depth := array_fill(0, ARRAY[cardinality(dsts)]);
    FOR pass IN 1 .. cardinality(dsts) + 1 LOOP
      changed := false;
      FOR i IN 1 .. cardinality(dsts) LOOP
        FOR j IN 1 .. cardinality(dsts) LOOP
          IF i <> j AND dsts[i] IN (SELECT * FROM backup_recovery.referencing_tables(dsts[j])) AND depth[i] <= depth[j] THEN
            depth[i] := depth[j] + 1;
            changed := true;
          END IF;
        END LOOP;
      END LOOP;
      EXIT WHEN NOT changed;
      IF pass > cardinality(dsts) THEN
        RAISE EXCEPTION 'restore_table: the tables referencing % reference each other in a cycle; restore them one by one', root;
      END IF;
    END LOOP;
    SELECT array_agg(ord ORDER BY dp, ord) INTO perm FROM unnest(depth) WITH ORDINALITY u(dp, ord);
    SELECT array_agg(dsts[p] ORDER BY o), array_agg(srcs[p] ORDER BY o) INTO dsts, srcs FROM unnest(perm) WITH ORDINALITY u(p, o);
    cats := (SELECT array_agg(cats[p] ORDER BY o) FROM unnest(perm) WITH ORDINALITY u(p, o));
  END IF;

  FOR i IN 1 .. cardinality(dsts) LOOP
    EXECUTE format('LOCK TABLE %s IN EXCLUSIVE MODE', dsts[i]);  -- readers go on; writers wait for the restore
  END LOOP;

  -- Replace deletes the rows the backup lacks: refuse when rows outside the restore reference them.
  IF mode = 'replace' THEN
    FOR i IN 1 .. cardinality(dsts) LOOP
      FOR fk IN SELECT con.conname, con.conrelid::regclass AS child, con.confdeltype,
                       (SELECT string_agg(format('ch.%I = b.%I', ca.attname, pa.attname), ' AND ')
                          FROM unnest(con.conkey, con.confkey) k(ck, pk)
                          JOIN pg_attribute ca ON ca.attrelid = con.conrelid AND ca.attnum = k.ck
                          JOIN pg_attribute pa ON pa.attrelid = con.confrelid AND pa.attnum = k.pk) AS matches,
                       (SELECT string_agg(format('ch.%I IS NOT NULL', ca.attname), ' AND ')
                          FROM unnest(con.conkey) k(ck) JOIN pg_attribute ca ON ca.attrelid = con.conrelid AND ca.attnum = k.ck) AS present
                  FROM pg_constraint con
                 WHERE con.contype = 'f' AND con.confrelid = dsts[i] AND con.conrelid <> dsts[i] AND NOT con.conrelid = ANY (dsts) LOOP
        EXECUTE format('SELECT count(*) FROM %s ch WHERE %s AND NOT EXISTS (SELECT 1 FROM %s b WHERE %s)', fk.child, fk.present, srcs[i], fk.matches)
          INTO cnt;
        IF cnt > 0 THEN
          refused := refused || format('%s rows of %s reference rows of %s that the backup does not have (foreign key %s: %s)',
                                       cnt, fk.child, dsts[i], fk.conname,
                                       CASE fk.confdeltype WHEN 'c' THEN 'ON DELETE CASCADE would delete them'
                                                           WHEN 'n' THEN 'ON DELETE SET NULL would clear their reference'
                                                           WHEN 'd' THEN 'ON DELETE SET DEFAULT would change their reference'
                                                           ELSE 'the restore would fail on it' END);
        END IF;
      END LOOP;
    END LOOP;
    IF cardinality(refused) > 0 THEN
      RAISE EXCEPTION 'restore_table refused: replacing % would take rows that other tables still reference: %', root, array_to_string(refused, '; ')
        USING HINT = 'Nothing was changed. To restore those tables too, from the same full backup set: restore_table(''' || (cats[1]).backup_name
                     || ''', ''' || target_table || ''', ''replace'', with_dependants => true); or deal with those rows first.';
    END IF;
  END IF;

  SET CONSTRAINTS ALL DEFERRED;
  deleted := array_fill(0::bigint, ARRAY[cardinality(dsts)]);
  updated := deleted;
  inserted := deleted;
  -- Parents first: update the rows both have, insert the missing ones.
  FOR i IN 1 .. cardinality(dsts) LOOP
    SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum),
           string_agg('t.' || quote_ident(a.attname), ', ' ORDER BY a.attnum),
           string_agg('b.' || quote_ident(a.attname), ', ' ORDER BY a.attnum),
           string_agg(quote_ident(a.attname), ', ') FILTER (WHERE t.attname IS NULL)
      INTO cols, tcols, bcols, missing
      FROM pg_attribute a
      LEFT JOIN pg_attribute t ON t.attrelid = dsts[i] AND t.attname = a.attname AND NOT t.attisdropped
     WHERE a.attrelid = srcs[i] AND a.attnum > 0 AND NOT a.attisdropped AND coalesce(t.attgenerated, '') = '';
    IF missing IS NOT NULL THEN
      RAISE EXCEPTION '% has no column(s) % of backup %', dsts[i], missing, (cats[i]).backup_name;
    END IF;
    SELECT string_agg(format('t.%1$I = b.%1$I', a.attname), ' AND ') INTO key_match
      FROM pg_index x JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = ANY (x.indkey)
     WHERE x.indrelid = dsts[i] AND x.indisprimary;
    IF key_match IS NULL THEN
      IF EXISTS (SELECT 1 FROM pg_constraint con WHERE con.contype = 'f' AND con.confrelid = dsts[i]) THEN
        RAISE EXCEPTION '% has no primary key to match the backup''s rows by, and other tables reference it', dsts[i];
      ELSIF mode = 'merge' THEN
        RAISE EXCEPTION 'merge needs a primary key on %', dsts[i];
      END IF;
      -- Nothing references it: replace its rows wholesale.
      EXECUTE format('DELETE FROM %s', dsts[i]);
      GET DIAGNOSTICS n = ROW_COUNT;
      deleted[i] := n;
      EXECUTE format('INSERT INTO %s (%s) OVERRIDING SYSTEM VALUE SELECT %s FROM %s', dsts[i], cols, cols, srcs[i]);
      GET DIAGNOSTICS n = ROW_COUNT;
      inserted[i] := n;
      CONTINUE;
    END IF;
    IF mode = 'replace' THEN
      SELECT string_agg(format('%1$I = b.%1$I', a.attname), ', ') INTO sets
        FROM pg_attribute a
        JOIN pg_attribute t ON t.attrelid = dsts[i] AND t.attname = a.attname AND NOT t.attisdropped AND t.attgenerated = ''
       WHERE a.attrelid = srcs[i] AND a.attnum > 0 AND NOT a.attisdropped
         AND NOT EXISTS (SELECT 1 FROM pg_index x WHERE x.indrelid = dsts[i] AND x.indisprimary AND t.attnum = ANY (x.indkey));
      IF sets IS NOT NULL THEN
        EXECUTE format('UPDATE %s t SET %s FROM %s b WHERE %s AND row(%s)::text IS DISTINCT FROM row(%s)::text',
                       dsts[i], sets, srcs[i], key_match, tcols, bcols);
        GET DIAGNOSTICS n = ROW_COUNT;
        updated[i] := n;
      END IF;
    END IF;
    EXECUTE format('INSERT INTO %s (%s) OVERRIDING SYSTEM VALUE SELECT %s FROM %s b WHERE NOT EXISTS (SELECT 1 FROM %s t WHERE %s)',
                   dsts[i], cols, cols, srcs[i], dsts[i], key_match);
    GET DIAGNOSTICS n = ROW_COUNT;
    inserted[i] := n;
  END LOOP;
  -- Children first: delete the rows the backup does not have.
  IF mode = 'replace' THEN
    FOR i IN REVERSE cardinality(dsts) .. 1 LOOP
      SELECT string_agg(format('t.%1$I = b.%1$I', a.attname), ' AND ') INTO key_match
        FROM pg_index x JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = ANY (x.indkey)
       WHERE x.indrelid = dsts[i] AND x.indisprimary;
      CONTINUE WHEN key_match IS NULL;  -- replaced wholesale above
      EXECUTE format('DELETE FROM %s t WHERE NOT EXISTS (SELECT 1 FROM %s b WHERE %s)', dsts[i], srcs[i], key_match);
      GET DIAGNOSTICS n = ROW_COUNT;
      deleted[i] := n;
    END LOOP;
  END IF;
  SET CONSTRAINTS ALL IMMEDIATE;  -- deferred foreign keys are checked here; a violation aborts the whole restore

  FOR i IN 1 .. cardinality(dsts) LOOP
    -- Restored explicit ids must not be handed out again by identity / serial sequences.
    FOR seq IN SELECT a.attname, pg_get_serial_sequence(dsts[i]::text, a.attname) AS name
                 FROM pg_attribute a WHERE a.attrelid = dsts[i] AND a.attnum > 0 AND NOT a.attisdropped
                  AND pg_get_serial_sequence(dsts[i]::text, a.attname) IS NOT NULL LOOP
      EXECUTE format('SELECT setval(%L, greatest((SELECT max(%I) FROM %s), (SELECT last_value FROM %s)))',
                     seq.name, seq.attname, dsts[i], seq.name);
    END LOOP;
    after := backup_recovery.table_checksum(dsts[i]);
    summary := summary || format('%s %s from backup_recovery.%s: %s rows deleted, %s updated, %s inserted, %s rows now%s',
                  mode, dsts[i], (cats[i]).backup_name, deleted[i], updated[i], inserted[i], after.row_count,
                  CASE WHEN i = 1 AND created THEN ' (table created from the backup''s columns)' ELSE '' END
                  || CASE WHEN mode = 'replace' AND after.checksum = (cats[i]).checksum THEN '; checksum matches the backup'
                          WHEN mode = 'replace' THEN '; checksum differs from the backup catalog'
                          ELSE '' END);
  END LOOP;
  RETURN array_to_string(summary, E'\n');
END
$$;
COMMENT ON FUNCTION backup_recovery.restore_table(text, text, text, boolean) IS 'Restores a backup into a table (replace or merge) in one transaction, matching rows by primary key; refuses when other tables'' rows would lose what they reference, unless with_dependants restores them from the same full backup set.';

-- The backup copies cleanup_old_backups(days) drops, read without dropping them: catalogued copies older
-- than `days` days, oldest first. runbook's preview of cleanup_old_backups reads it.
CREATE OR REPLACE FUNCTION backup_recovery.old_backups(days integer)
RETURNS SETOF backup_recovery.backup_catalog
LANGUAGE sql STABLE AS $$
  SELECT * FROM backup_recovery.backup_catalog c WHERE c.created_at < now() - make_interval(days => days) ORDER BY c.created_at
$$;
COMMENT ON FUNCTION backup_recovery.old_backups(integer) IS 'The backups cleanup_old_backups(N) would drop (older than N days); drops nothing.';

-- Drops backup copies older than `days` days (old_backups) with their catalog rows; reports what it
-- dropped and kept.
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
  FOR old IN DELETE FROM backup_recovery.backup_catalog c WHERE c.id IN (SELECT o.id FROM backup_recovery.old_backups(days) o)
             RETURNING c.backup_name LOOP
    EXECUTE format('DROP TABLE IF EXISTS backup_recovery.%I', old.backup_name);
    names := names || old.backup_name;
  END LOOP;
  RETURN QUERY SELECT cardinality(names), names, (SELECT count(*)::integer FROM backup_recovery.backup_catalog);
END
$$;
COMMENT ON FUNCTION backup_recovery.cleanup_old_backups(integer) IS 'Drops backups older than N days; reports the count, their names and how many remain.';
