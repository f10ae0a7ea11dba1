-- The `performance` schema, continued: table and index statistics the runbook reviews, and the actions of
-- "High Load Emergency" and "Slow Query Investigation". Backup copies (schema backup_recovery) are left
-- out of the table views: they are never queried by the application.

-- Reports per table how it is read (sequential vs index scans) and written; hot_update_ratio is the
-- percentage of updates that were HOT (no index change), NULL when the table had no updates.
CREATE OR REPLACE VIEW performance.table_access_patterns AS
  SELECT schemaname, relname AS table_name, seq_scan, seq_tup_read, idx_scan,
         round(100.0 * idx_scan / nullif(seq_scan + coalesce(idx_scan, 0), 0), 1) AS idx_scan_ratio,
         n_tup_ins, n_tup_upd, n_tup_del, n_tup_hot_upd,
         round(100.0 * n_tup_hot_upd / nullif(n_tup_upd, 0), 1) AS hot_update_ratio,
         n_live_tup, n_dead_tup
    FROM pg_stat_user_tables
   WHERE schemaname <> 'backup_recovery'
   ORDER BY seq_tup_read DESC;
COMMENT ON VIEW performance.table_access_patterns IS 'Scans and writes per table; hot_update_ratio = % of updates that were HOT.';

-- Reports indexes never scanned since statistics were reset, excluding those that enforce a primary key,
-- unique or exclusion constraint, with the statement that would drop each.
CREATE OR REPLACE VIEW performance.unused_indexes AS
  SELECT s.schemaname, s.relname AS table_name, s.indexrelname AS index_name,
         pg_size_pretty(pg_relation_size(s.indexrelid)) AS index_size, s.idx_scan,
         pg_get_indexdef(s.indexrelid) AS index_definition,
         format('DROP INDEX CONCURRENTLY %I.%I;', s.schemaname, s.indexrelname) AS drop_statement
    FROM pg_stat_user_indexes s JOIN pg_index i ON i.indexrelid = s.indexrelid
   WHERE s.idx_scan = 0 AND NOT i.indisunique AND NOT i.indisprimary
     AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = s.indexrelid)
   ORDER BY pg_relation_size(s.indexrelid) DESC;
COMMENT ON VIEW performance.unused_indexes IS 'Indexes with no scans that enforce no constraint, largest first, with a DROP statement.';

-- Reports dead tuples per table and the space they likely hold. An estimate from statistics
-- (size x dead share), not a page scan like pgstattuple; the recommendation follows the alert thresholds.
CREATE OR REPLACE VIEW performance.table_bloat_analysis AS
  SELECT schemaname, relname AS table_name, n_live_tup, n_dead_tup,
         round(100.0 * n_dead_tup / nullif(n_live_tup + n_dead_tup, 0), 1) AS dead_tuple_pct,
         pg_size_pretty(pg_table_size(relid)) AS table_size,
         pg_size_pretty((pg_table_size(relid) * n_dead_tup / nullif(n_live_tup + n_dead_tup, 0))::bigint) AS estimated_bloat,
         last_vacuum, last_autovacuum,
         CASE WHEN n_dead_tup > 50000 THEN 'CRITICAL: VACUUM (ANALYZE) now; VACUUM FULL if the space must return to the OS (locks the table)'
              WHEN n_dead_tup > 10000 THEN 'WARNING: run VACUUM (ANALYZE)'
              ELSE 'OK' END AS recommendation
    FROM pg_stat_user_tables
   WHERE schemaname <> 'backup_recovery'
   ORDER BY n_dead_tup DESC;
COMMENT ON VIEW performance.table_bloat_analysis IS 'Dead tuples and estimated bloat per table, with the VACUUM recommendation.';

-- Terminates this database's client queries (not this session's) that have been active longer than
-- `minutes`, and reports each with whether termination succeeded. Other databases on the server are
-- left alone: the runbook operates one database.
CREATE OR REPLACE FUNCTION performance.kill_long_queries(minutes integer)
RETURNS TABLE (pid integer, usename name, duration interval, query text, terminated boolean)
LANGUAGE sql VOLATILE AS $$
  SELECT a.pid, a.usename, now() - a.query_start, a.query, pg_terminate_backend(a.pid)
    FROM pg_stat_activity a
   WHERE a.state = 'active' AND a.backend_type = 'client backend' AND a.pid <> pg_backend_pid()
     AND a.datname = current_database()
     AND a.query_start < now() - make_interval(mins => minutes)
$$;
COMMENT ON FUNCTION performance.kill_long_queries(integer) IS 'Terminates queries active longer than N minutes in this database; reports what it terminated.';

-- Recommends indexes from two signals: foreign keys whose columns no index leads with (every join and
-- ON DELETE check then scans the table), and large tables read mostly by sequential scans.
CREATE OR REPLACE FUNCTION performance.recommend_indexes()
RETURNS TABLE (table_name text, reason text, suggested_index text)
LANGUAGE sql STABLE AS $$
  SELECT format('%I.%I', n.nspname, r.relname),
         format('foreign key %s (%s) has no index leading with its columns', c.conname, cols.list),
         format('CREATE INDEX CONCURRENTLY ON %I.%I (%s);', n.nspname, r.relname, cols.list)
    FROM pg_constraint c
    JOIN pg_class r ON r.oid = c.conrelid
    JOIN pg_namespace n ON n.oid = r.relnamespace
    CROSS JOIN LATERAL (
      SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY k.ord) AS list
        FROM unnest(c.conkey) WITH ORDINALITY k(attnum, ord)
        JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum
    ) cols
   WHERE c.contype = 'f' AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'backup_recovery')
     AND NOT EXISTS (
       SELECT 1 FROM pg_index i
        WHERE i.indrelid = c.conrelid
          AND (string_to_array(i.indkey::text, ' ')::int2[])[1:cardinality(c.conkey)] @> c.conkey
          AND (string_to_array(i.indkey::text, ' ')::int2[])[1:cardinality(c.conkey)] <@ c.conkey)
  UNION ALL
  SELECT format('%I.%I', s.schemaname, s.relname),
         format('%s sequential scans read %s rows (%s index scans) over %s live rows: index the columns its queries filter on (see pg_stat_statements)',
                s.seq_scan, s.seq_tup_read, coalesce(s.idx_scan, 0), s.n_live_tup),
         NULL
    FROM pg_stat_user_tables s
   WHERE s.schemaname <> 'backup_recovery' AND s.n_live_tup >= 1000 AND s.seq_scan > coalesce(s.idx_scan, 0)
  ORDER BY 1, 2
$$;
COMMENT ON FUNCTION performance.recommend_indexes() IS 'Unindexed foreign keys and sequential-scan-heavy tables, with a CREATE INDEX where one follows.';

-- Returns the EXPLAIN plan of one statement as rows, without running it (plain EXPLAIN, not ANALYZE, so a
-- pasted UPDATE or DELETE changes nothing).
CREATE OR REPLACE FUNCTION performance.analyze_query(query_text text)
RETURNS TABLE (query_plan text)
LANGUAGE plpgsql AS $$
DECLARE
  stmt text := regexp_replace(coalesce(query_text, ''), '[\s;]+$', '');
BEGIN
  IF btrim(stmt) = '' THEN
    RAISE EXCEPTION 'analyze_query needs the text of one SQL statement';
  END IF;
  BEGIN
    RETURN QUERY EXECUTE 'EXPLAIN ' || stmt;
  EXCEPTION WHEN syntax_error THEN
    RAISE EXCEPTION 'analyze_query: % in: %', SQLERRM, left(stmt, 200)
      USING HINT = 'Pass the text of one SELECT, INSERT, UPDATE or DELETE statement.';
  END;
END
$$;
COMMENT ON FUNCTION performance.analyze_query(text) IS 'EXPLAIN plan of the given statement, one row per plan line; the statement is not executed.';

-- Reports cache hit ratios (database, tables, indexes and the five tables read most from disk) with a
-- recommendation per the runbook's thresholds. It changes nothing: shared_buffers needs a restart.
CREATE OR REPLACE FUNCTION performance.optimize_cache()
RETURNS TABLE (scope text, hit_ratio numeric, blocks_hit bigint, blocks_read bigint, recommendation text)
LANGUAGE sql STABLE AS $$
  WITH r AS (
    SELECT 1 AS ord, 'database ' || datname AS scope, blks_hit AS hit, blks_read AS read
      FROM pg_stat_database WHERE datname = current_database()
    UNION ALL
    SELECT 2, 'all tables (heap)', sum(heap_blks_hit)::bigint, sum(heap_blks_read)::bigint FROM pg_statio_user_tables
    UNION ALL
    SELECT 3, 'all indexes', sum(idx_blks_hit)::bigint, sum(idx_blks_read)::bigint FROM pg_statio_user_indexes
    UNION ALL
    SELECT * FROM (
      SELECT 4, 'table ' || schemaname || '.' || relname, heap_blks_hit, heap_blks_read
        FROM pg_statio_user_tables WHERE heap_blks_read > 0 ORDER BY heap_blks_read DESC LIMIT 5) t
  )
  SELECT r.scope, round(100.0 * r.hit / nullif(r.hit + r.read, 0), 2), r.hit, r.read,
         CASE performance.alert_level('cache_hit_ratio', round(100.0 * r.hit / nullif(r.hit + r.read, 0), 2))
           WHEN 'CRITICAL' THEN 'CRITICAL: increase shared_buffers (now ' || current_setting('shared_buffers') || ', needs a restart)'
           WHEN 'WARNING' THEN 'WARNING: increase shared_buffers (now ' || current_setting('shared_buffers') || '), remove unused indexes'
           ELSE 'OK' END
    FROM r ORDER BY r.ord, r.read DESC
$$;
COMMENT ON FUNCTION performance.optimize_cache() IS 'Cache hit ratios (database, tables, indexes, top 5 tables by disk reads) with recommendations.';
