-- The `performance` schema the runbook's Daily Operations, High Load, Performance Troubleshooting and
-- Monitoring sections call. Everything reads PostgreSQL's own statistics views; only
-- kill_long_queries changes anything (it terminates backends). Not granted to `authenticated`.

CREATE SCHEMA IF NOT EXISTS performance;

-- pg_stat_statements feeds slow_query_log and the runbook's "Identify Slow Queries". Created when the
-- server has it; querying it also needs shared_preload_libraries, which only a server restart can set.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pg_stat_statements') THEN
    RAISE NOTICE 'pg_stat_statements is not available on this server: slow query capture is disabled';
  ELSE
    BEGIN
      CREATE EXTENSION IF NOT EXISTS pg_stat_statements;
    EXCEPTION WHEN insufficient_privilege THEN
      RAISE NOTICE 'could not create extension pg_stat_statements (%): slow query capture is disabled', SQLERRM;
    END;
    IF NOT 'pg_stat_statements' = ANY (string_to_array(replace(current_setting('shared_preload_libraries'), ' ', ''), ',')) THEN
      RAISE NOTICE 'pg_stat_statements is not in shared_preload_libraries: add it and restart the server to capture slow queries';
    END IF;
  END IF;
END
$$;

-- The runbook's "Alert Thresholds" table, as data: dashboard() and check_alerts() both judge by it.
CREATE OR REPLACE VIEW performance.alert_thresholds AS
  SELECT * FROM (VALUES
    ('cache_hit_ratio',    '%',       90::numeric,        80::numeric,         'below', 'Increase shared_buffers'),
    ('active_connections', 'count',   50,                 80,                  'above', 'Scale connection pool'),
    ('longest_query',      'minutes', 5,                  10,                  'above', 'Kill query, investigate'),
    ('dead_tuples',        'tuples',  10000,              50000,               'above', 'Run VACUUM'),
    ('database_size',      'bytes',   5368709120,         10737418240,         'above', 'Archive old data') -- 5 GB, 10 GB
  ) AS t (metric, unit, warning, critical, direction, action);
COMMENT ON VIEW performance.alert_thresholds IS 'The runbook''s Alert Thresholds table: WARNING and CRITICAL limits per metric.';

-- OK, WARNING or CRITICAL for one measured value; NULL (nothing measured yet) is OK.
CREATE OR REPLACE FUNCTION performance.alert_level(metric text, value numeric) RETURNS text
LANGUAGE sql STABLE AS $$
  SELECT CASE
           WHEN value IS NULL THEN 'OK'
           WHEN t.direction = 'below' AND value < t.critical THEN 'CRITICAL'
           WHEN t.direction = 'below' AND value < t.warning THEN 'WARNING'
           WHEN t.direction = 'above' AND value > t.critical THEN 'CRITICAL'
           WHEN t.direction = 'above' AND value > t.warning THEN 'WARNING'
           ELSE 'OK'
         END
    FROM performance.alert_thresholds t
   WHERE t.metric = alert_level.metric
$$;
COMMENT ON FUNCTION performance.alert_level(text, numeric) IS 'Alert level of a value for a metric of performance.alert_thresholds.';

-- The five measured metrics. Connections count the whole server (max_connections is per server); the
-- longest query and dead tuples are this database's; dead tuples is the worst table's count.
CREATE OR REPLACE FUNCTION performance.current_metrics()
RETURNS TABLE (metric text, value numeric, shown text)
LANGUAGE sql STABLE AS $$
  SELECT 'database_size', pg_database_size(current_database())::numeric,
         pg_size_pretty(pg_database_size(current_database()))
  UNION ALL
  SELECT 'active_connections', count(*)::numeric,
         count(*) || ' of max_connections ' || current_setting('max_connections')
    FROM pg_stat_activity WHERE backend_type = 'client backend'
  UNION ALL
  SELECT 'cache_hit_ratio', round(100.0 * blks_hit / nullif(blks_hit + blks_read, 0), 2),
         coalesce(round(100.0 * blks_hit / nullif(blks_hit + blks_read, 0), 2) || '%', 'n/a (no reads yet)')
    FROM pg_stat_database WHERE datname = current_database()
  UNION ALL
  SELECT 'longest_query', coalesce(round((extract(epoch FROM max(now() - query_start)) / 60)::numeric, 2), 0),
         coalesce(max(now() - query_start)::text || ' (pid ' || (array_agg(pid ORDER BY query_start))[1] || ')', 'no active query')
    FROM pg_stat_activity
   WHERE state = 'active' AND pid <> pg_backend_pid() AND backend_type = 'client backend'
     AND datname = current_database()
  UNION ALL
  SELECT 'dead_tuples', coalesce(max(n_dead_tup), 0)::numeric,
         coalesce((array_agg(n_dead_tup || ' in ' || schemaname || '.' || relname ORDER BY n_dead_tup DESC))[1], '0')
    FROM pg_stat_user_tables
$$;

-- Reports database size, connections, cache hit ratio, longest running query and dead tuples, each with
-- its status against the runbook's thresholds.
CREATE OR REPLACE FUNCTION performance.dashboard()
RETURNS TABLE (metric text, value text, status text)
LANGUAGE sql STABLE AS $$
  SELECT m.metric, m.shown, performance.alert_level(m.metric, m.value)
    FROM performance.current_metrics() m
$$;
COMMENT ON FUNCTION performance.dashboard() IS 'Size, connections, cache hit ratio, longest query, dead tuples: value and OK/WARNING/CRITICAL.';

-- Reports the metrics past a threshold (WARNING or CRITICAL, worst first) with the runbook's action;
-- one OK row when nothing is, so an empty answer is never mistaken for a failed check.
CREATE OR REPLACE FUNCTION performance.check_alerts()
RETURNS TABLE (alert_level text, metric text, current_value text, threshold text, action text)
LANGUAGE sql STABLE AS $$
  WITH judged AS (
    SELECT performance.alert_level(m.metric, m.value) AS level, m.metric, m.shown,
           t.unit, t.warning, t.critical, t.direction, t.action
      FROM performance.current_metrics() m JOIN performance.alert_thresholds t USING (metric)
  ), firing AS (
    SELECT j.level, j.metric, j.shown,
           CASE j.direction WHEN 'below' THEN '< ' ELSE '> ' END
             || CASE WHEN j.unit = 'bytes'
                     THEN pg_size_pretty(CASE j.level WHEN 'CRITICAL' THEN j.critical ELSE j.warning END)
                     ELSE (CASE j.level WHEN 'CRITICAL' THEN j.critical ELSE j.warning END) || ' ' || j.unit END,
           j.action
      FROM judged j WHERE j.level <> 'OK'
  )
  SELECT * FROM (
    SELECT * FROM firing
    UNION ALL
    SELECT 'OK', 'all', 'all metrics within thresholds', NULL, NULL WHERE NOT EXISTS (SELECT 1 FROM firing)
  ) a
  ORDER BY a.level = 'CRITICAL' DESC, a.metric
$$;
COMMENT ON FUNCTION performance.check_alerts() IS 'Metrics past the runbook''s Alert Thresholds, WARNING or CRITICAL, with the action to take.';

-- Reports every non-idle client query on the server except this session's, longest first.
CREATE OR REPLACE VIEW performance.active_queries AS
  SELECT pid, datname, usename, application_name, client_addr, state,
         now() - query_start AS duration, wait_event_type, wait_event, query
    FROM pg_stat_activity
   WHERE backend_type = 'client backend' AND state IS DISTINCT FROM 'idle' AND pid <> pg_backend_pid()
   ORDER BY duration DESC NULLS LAST;
COMMENT ON VIEW performance.active_queries IS 'Non-idle client queries (not this session), longest first.';

-- Reports client connections per state and in total, as a share of max_connections.
CREATE OR REPLACE VIEW performance.connection_pool_status AS
  SELECT coalesce(state, 'total') AS state,
         count(*) AS connections,
         current_setting('max_connections')::int AS max_connections,
         round(100.0 * count(*) / current_setting('max_connections')::int, 1) AS pct_of_max_connections,
         max(now() - state_change) AS longest_in_state
    FROM (SELECT coalesce(state, 'unknown') AS state, state_change
            FROM pg_stat_activity WHERE backend_type = 'client backend') c
   GROUP BY ROLLUP (state)
   ORDER BY state IS NULL, connections DESC;
COMMENT ON VIEW performance.connection_pool_status IS 'Client connections per state and total, against max_connections.';

-- Slow statements captured from pg_stat_statements by capture_slow_queries() (schedule it, e.g. with
-- pg_cron every 15 minutes); execution_time_ms is the mean per call at capture time.
CREATE TABLE IF NOT EXISTS performance.slow_query_log (
  id                      bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  captured_at             timestamptz NOT NULL DEFAULT now(),
  queryid                 bigint,
  username                name,
  query                   text NOT NULL,
  calls                   bigint NOT NULL,
  execution_time_ms       numeric NOT NULL,
  max_execution_time_ms   numeric,
  total_execution_time_ms numeric,
  rows                    bigint
);
CREATE INDEX IF NOT EXISTS slow_query_log_captured_at_idx ON performance.slow_query_log (captured_at);

-- Copies this database's statements with a mean time over min_mean_ms into slow_query_log and returns how
-- many it copied; 0 with a NOTICE when pg_stat_statements is missing or not preloaded.
CREATE OR REPLACE FUNCTION performance.capture_slow_queries(min_mean_ms numeric DEFAULT 1000)
RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  ext_schema name;
  captured integer;
BEGIN
  SELECT n.nspname INTO ext_schema
    FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
   WHERE e.extname = 'pg_stat_statements';
  IF ext_schema IS NULL THEN
    RAISE NOTICE 'pg_stat_statements is not installed in this database: nothing captured';
    RETURN 0;
  END IF;
  -- Dynamic SQL so this function exists (and fails softly) where the extension's view does not work.
  EXECUTE format($q$
    INSERT INTO performance.slow_query_log
           (queryid, username, query, calls, execution_time_ms, max_execution_time_ms, total_execution_time_ms, rows)
    SELECT s.queryid, r.rolname, s.query, s.calls, round(s.mean_exec_time::numeric, 3),
           round(s.max_exec_time::numeric, 3), round(s.total_exec_time::numeric, 3), s.rows
      FROM %I.pg_stat_statements s LEFT JOIN pg_roles r ON r.oid = s.userid
     WHERE s.dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
       AND s.mean_exec_time > $1$q$, ext_schema) USING min_mean_ms;
  GET DIAGNOSTICS captured = ROW_COUNT;
  RETURN captured;
EXCEPTION WHEN object_not_in_prerequisite_state THEN
  RAISE NOTICE 'pg_stat_statements is not loaded (%): nothing captured', SQLERRM;
  RETURN 0;
END
$$;
COMMENT ON FUNCTION performance.capture_slow_queries(numeric) IS 'Copies statements slower than min_mean_ms (mean) from pg_stat_statements into slow_query_log; returns the count.';
