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

-- Reports indexes never scanned since statistics were reset, with the statement that would drop each.
-- Never proposed: an index that enforces a primary key, unique or exclusion constraint, and an index that
-- backs a foreign key (its first columns are the key's columns: without it every DELETE or key UPDATE of
-- the referenced table scans the referencing one, which is why it shows no scans of its own).
CREATE OR REPLACE VIEW performance.unused_indexes AS
  SELECT s.schemaname, s.relname AS table_name, s.indexrelname AS index_name,
         pg_size_pretty(pg_relation_size(s.indexrelid)) AS index_size, s.idx_scan,
         pg_get_indexdef(s.indexrelid) AS index_definition,
         format('DROP INDEX CONCURRENTLY %I.%I;', s.schemaname, s.indexrelname) AS drop_statement
    FROM pg_stat_user_indexes s JOIN pg_index i ON i.indexrelid = s.indexrelid
   WHERE s.idx_scan = 0 AND NOT i.indisunique AND NOT i.indisprimary
     AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = s.indexrelid)
     AND NOT EXISTS (
       SELECT 1 FROM pg_constraint c
        WHERE c.contype = 'f' AND c.conrelid = i.indrelid
          AND (string_to_array(i.indkey::text, ' ')::int2[])[1:cardinality(c.conkey)] @> c.conkey
          AND (string_to_array(i.indkey::text, ' ')::int2[])[1:cardinality(c.conkey)] <@ c.conkey)
     AND s.schemaname NOT IN ('backup_recovery', 'performance')
   ORDER BY pg_relation_size(s.indexrelid) DESC;
COMMENT ON VIEW performance.unused_indexes IS 'Indexes with no scans that enforce no constraint and back no foreign key, largest first, with a DROP statement.';

-- Reports dead tuples per table and the space they likely hold. An estimate from statistics
-- (size x dead share), not a page scan like pgstattuple; the recommendation follows the runbook's Dead
-- Tuples alert threshold (performance.alert_thresholds).
CREATE OR REPLACE VIEW performance.table_bloat_analysis AS
  SELECT schemaname, relname AS table_name, n_live_tup, n_dead_tup,
         round(100.0 * n_dead_tup / nullif(n_live_tup + n_dead_tup, 0), 1) AS dead_tuple_pct,
         pg_size_pretty(pg_table_size(relid)) AS table_size,
         pg_size_pretty((pg_table_size(relid) * n_dead_tup / nullif(n_live_tup + n_dead_tup, 0))::bigint) AS estimated_bloat,
         last_vacuum, last_autovacuum,
         CASE performance.alert_level('dead_tuples', n_dead_tup)
              WHEN 'CRITICAL' THEN 'CRITICAL: VACUUM (ANALYZE) now; VACUUM FULL if the space must return to the OS (locks the table)'
              WHEN 'WARNING' THEN 'WARNING: run VACUUM (ANALYZE)'
              ELSE performance.alert_level('dead_tuples', n_dead_tup) END AS recommendation
    FROM pg_stat_user_tables
   WHERE schemaname <> 'backup_recovery'
   ORDER BY n_dead_tup DESC;
COMMENT ON VIEW performance.table_bloat_analysis IS 'Dead tuples and estimated bloat per table, with the VACUUM recommendation.';

-- The queries kill_long_queries(minutes) ends, read without ending them: this database's client queries
-- (not this session's) active longer than `minutes`. runbook's preview of kill_long_queries reads it, so
-- what the operator is shown before confirming and what is then terminated are one definition.
CREATE OR REPLACE FUNCTION performance.long_queries(minutes integer)
RETURNS TABLE (pid integer, usename name, duration interval, query text)
LANGUAGE sql VOLATILE AS $$
  SELECT a.pid, a.usename, clock_timestamp() - a.query_start, a.query
    FROM pg_stat_activity a
   WHERE a.state = 'active' AND a.backend_type = 'client backend' AND a.pid <> pg_backend_pid()
     AND a.datname = current_database()
     AND a.query_start < clock_timestamp() - make_interval(mins => minutes)
$$;
COMMENT ON FUNCTION performance.long_queries(integer) IS 'The queries kill_long_queries(N) would terminate (active longer than N minutes in this database); ends nothing.';

-- Terminates this database's client queries (not this session's) that have been active longer than
-- `minutes` (long_queries), and reports each with whether termination succeeded. Other databases on the
-- server are left alone: the runbook operates one database.
CREATE OR REPLACE FUNCTION performance.kill_long_queries(minutes integer)
RETURNS TABLE (pid integer, usename name, duration interval, query text, terminated boolean)
LANGUAGE sql VOLATILE AS $$
  SELECT l.pid, l.usename, l.duration, l.query, pg_terminate_backend(l.pid)
    FROM performance.long_queries(minutes) l
$$;
COMMENT ON FUNCTION performance.kill_long_queries(integer) IS 'Terminates queries active longer than N minutes in this database; reports what it terminated.';

-- Reports cache hit ratios (database, tables, indexes and the five tables read most from disk) with a
-- recommendation per the runbook's Cache Hit Ratio threshold and its Key Metrics Target ("> 95%"). It
-- changes nothing: shared_buffers needs a restart.
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
           ELSE CASE WHEN round(100.0 * r.hit / nullif(r.hit + r.read, 0), 2) < performance.target('cache_hit_ratio')
                     THEN 'BELOW TARGET: under the runbook''s target of ' || performance.target('cache_hit_ratio') || '%; watch it, increase shared_buffers if it keeps falling'
                     ELSE 'OK' END END
    FROM r ORDER BY r.ord, r.read DESC
$$;
COMMENT ON FUNCTION performance.optimize_cache() IS 'Cache hit ratios (database, tables, indexes, top 5 tables by disk reads) with recommendations.';
