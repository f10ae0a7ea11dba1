-- The `performance` schema the runbook's Daily Operations, High Load, Performance Troubleshooting and
-- Monitoring sections call. Everything reads PostgreSQL's own statistics views; only kill_long_queries
-- changes anything (it terminates backends), and reading slow_query_log records what it shows. Not
-- granted to `authenticated`.
-- The limits come from the runbook, not from this file: `runbook db install-toolkit` writes the Alert
-- Thresholds table into performance.alert_thresholds and the Key Metrics Targets into
-- performance.metric_targets (src/database/toolkit-settings.ts); each row names the runbook line it came from.

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

-- Earlier versions kept the thresholds as a view with the numbers written in; they are the runbook's now.
DO $$
BEGIN
  IF (SELECT c.relkind FROM pg_class c WHERE c.oid = to_regclass('performance.alert_thresholds')) = 'v' THEN
    DROP VIEW performance.alert_thresholds;
  END IF;
END
$$;

-- The runbook's "Alert Thresholds" table, one row per metric the toolkit measures: dashboard(),
-- check_alerts(), table_bloat_analysis and optimize_cache() all judge by it.
CREATE TABLE IF NOT EXISTS performance.alert_thresholds (
  metric    text PRIMARY KEY CHECK (metric IN ('cache_hit_ratio', 'active_connections', 'longest_query', 'dead_tuples', 'database_size')),
  unit      text NOT NULL,                  -- %, count, minutes, tuples, bytes
  warning   numeric NOT NULL,
  critical  numeric NOT NULL,
  direction text NOT NULL CHECK (direction IN ('above', 'below')),
  action    text,
  source    text                            -- runbook file:line of the row
);
COMMENT ON TABLE performance.alert_thresholds IS 'The runbook''s Alert Thresholds table (written by runbook db install-toolkit): WARNING and CRITICAL limits per metric.';

-- The runbook's "Key Metrics Targets" that can be measured: cache_hit_ratio (%), response_time (ms, the
-- slow-query limit), rto and rpo (seconds), availability (%).
CREATE TABLE IF NOT EXISTS performance.metric_targets (
  metric     text PRIMARY KEY,
  comparison text NOT NULL CHECK (comparison IN ('<', '<=', '>', '>=', '=')),
  target     numeric NOT NULL,
  unit       text NOT NULL,
  shown      text NOT NULL,                 -- as the runbook writes it, e.g. "> 95%"
  source     text
);
COMMENT ON TABLE performance.metric_targets IS 'The runbook''s Key Metrics Targets (written by runbook db install-toolkit).';

-- The runbook's value of a target, or NULL when the runbook names none.
CREATE OR REPLACE FUNCTION performance.target(metric text) RETURNS numeric
LANGUAGE sql STABLE AS $$
  SELECT t.target FROM performance.metric_targets t WHERE t.metric = target.metric
$$;

-- OK, WARNING or CRITICAL for one measured value; NULL (nothing measured yet) is OK; 'NO THRESHOLD' when
-- the runbook gives no threshold for the metric.
CREATE OR REPLACE FUNCTION performance.alert_level(metric text, value numeric) RETURNS text
LANGUAGE sql STABLE AS $$
  SELECT coalesce((
    SELECT CASE
             WHEN value IS NULL THEN 'OK'
             WHEN t.direction = 'below' AND value < t.critical THEN 'CRITICAL'
             WHEN t.direction = 'below' AND value < t.warning THEN 'WARNING'
             WHEN t.direction = 'above' AND value > t.critical THEN 'CRITICAL'
             WHEN t.direction = 'above' AND value > t.warning THEN 'WARNING'
             ELSE 'OK'
           END
      FROM performance.alert_thresholds t
     WHERE t.metric = alert_level.metric), 'NO THRESHOLD')
$$;
COMMENT ON FUNCTION performance.alert_level(text, numeric) IS 'Alert level of a value for a metric of performance.alert_thresholds.';

-- The five measured metrics. Connections count the whole server (max_connections is per server); the
-- longest query and dead tuples are this database's; dead tuples is the worst table's count.
-- clock_timestamp(), not now(): a query that started after this transaction must not look negative.
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
         || coalesce(' (target ' || (SELECT t.shown FROM performance.metric_targets t WHERE t.metric = 'cache_hit_ratio') || ')', '')
    FROM pg_stat_database WHERE datname = current_database()
  UNION ALL
  SELECT 'longest_query', coalesce(round((extract(epoch FROM max(greatest(clock_timestamp() - query_start, interval '0'))) / 60)::numeric, 2), 0),
         coalesce(date_trunc('second', max(greatest(clock_timestamp() - query_start, interval '0')))::text
                  || ' (pid ' || (array_agg(pid ORDER BY query_start))[1] || ')', 'no active query')
    FROM pg_stat_activity
   WHERE state = 'active' AND pid <> pg_backend_pid() AND backend_type = 'client backend'
     AND datname = current_database()
  UNION ALL
  SELECT 'dead_tuples', coalesce(max(n_dead_tup), 0)::numeric,
         CASE WHEN coalesce(max(n_dead_tup), 0) = 0 THEN '0'
              ELSE (array_agg(n_dead_tup || ' in ' || schemaname || '.' || relname ORDER BY n_dead_tup DESC))[1] END
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
      FROM judged j WHERE j.level IN ('WARNING', 'CRITICAL')
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
         greatest(clock_timestamp() - query_start, interval '0') AS duration, wait_event_type, wait_event, query
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
         max(greatest(clock_timestamp() - state_change, interval '0')) AS longest_in_state
    FROM (SELECT coalesce(state, 'unknown') AS state, state_change
            FROM pg_stat_activity WHERE backend_type = 'client backend') c
   GROUP BY ROLLUP (state)
   ORDER BY state IS NULL, connections DESC;
COMMENT ON VIEW performance.connection_pool_status IS 'Client connections per state and total, against max_connections.';
