-- Slow queries, from pg_stat_statements into a history that never holds a statement twice.
-- performance.slow_query_log (what the runbook's End of Day review reads) is a view: reading it first
-- captures, so the review always shows what pg_stat_statements knows now, with nothing to schedule.
-- "Slow" is a mean execution time above the runbook's response-time target (Key Metrics Targets:
-- "Response Time: < 200ms"), 1 second when the runbook names none.

-- One row per statement (pg_stat_statements' queryid) and user. captured_at is the last capture that saw
-- the statement run again (its calls grew), so "captured_at > CURRENT_DATE" means "slow and run today".
CREATE TABLE IF NOT EXISTS performance.slow_query_history (
  queryid                 bigint NOT NULL,
  userid                  oid NOT NULL,
  username                name,
  query                   text NOT NULL,
  first_captured_at       timestamptz NOT NULL DEFAULT now(),
  captured_at             timestamptz NOT NULL DEFAULT now(),
  calls                   bigint NOT NULL,
  execution_time_ms       numeric NOT NULL,          -- mean per call
  max_execution_time_ms   numeric,
  total_execution_time_ms numeric,
  rows                    bigint,
  PRIMARY KEY (queryid, userid)
);
CREATE INDEX IF NOT EXISTS slow_query_history_captured_at_idx ON performance.slow_query_history (captured_at);
COMMENT ON TABLE performance.slow_query_history IS 'Slow statements seen in pg_stat_statements, one row per statement and user; read it through performance.slow_query_log.';

-- Earlier versions kept slow_query_log as a table that every capture appended to (duplicates included):
-- its statements move into the history (latest capture per statement) and the table makes way for the view.
DO $$
BEGIN
  IF (SELECT c.relkind FROM pg_class c WHERE c.oid = to_regclass('performance.slow_query_log')) = 'r' THEN
    EXECUTE $m$
      INSERT INTO performance.slow_query_history
             (queryid, userid, username, query, first_captured_at, captured_at, calls, execution_time_ms,
              max_execution_time_ms, total_execution_time_ms, rows)
      SELECT DISTINCT ON (l.queryid, r.oid) l.queryid, coalesce(r.oid, 0), l.username, l.query,
             min(l.captured_at) OVER (PARTITION BY l.queryid, r.oid), l.captured_at, l.calls, l.execution_time_ms,
             l.max_execution_time_ms, l.total_execution_time_ms, l.rows
        FROM performance.slow_query_log l LEFT JOIN pg_roles r ON r.rolname = l.username
       WHERE l.queryid IS NOT NULL
       ORDER BY l.queryid, r.oid, l.captured_at DESC
      ON CONFLICT (queryid, userid) DO NOTHING$m$;
    DROP TABLE performance.slow_query_log;
  END IF;
END
$$;

-- The slow-query limit in ms: the runbook's response-time target, else 1000.
CREATE OR REPLACE FUNCTION performance.slow_query_ms() RETURNS numeric
LANGUAGE sql STABLE AS $$
  SELECT coalesce(performance.target('response_time'), 1000)
$$;

-- This database's statements in pg_stat_statements with a mean above `min_mean_ms`, summed over
-- top-level and nested executions. Empty, with a NOTICE, when the extension is missing or not preloaded.
CREATE OR REPLACE FUNCTION performance.slow_statements(min_mean_ms numeric)
RETURNS TABLE (queryid bigint, userid oid, username name, query text, calls bigint, execution_time_ms numeric,
               max_execution_time_ms numeric, total_execution_time_ms numeric, rows bigint)
LANGUAGE plpgsql STABLE AS $$
DECLARE
  ext_schema name;
BEGIN
  SELECT n.nspname INTO ext_schema
    FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
   WHERE e.extname = 'pg_stat_statements';
  IF ext_schema IS NULL THEN
    RAISE NOTICE 'pg_stat_statements is not installed in this database: nothing captured';
    RETURN;
  END IF;
  -- Dynamic SQL so this function exists (and fails softly) where the extension's view does not work.
  RETURN QUERY EXECUTE format($q$
    SELECT s.queryid, s.userid, r.rolname, min(s.query), sum(s.calls)::bigint,
           round((sum(s.total_exec_time) / nullif(sum(s.calls), 0))::numeric, 3),
           round(max(s.max_exec_time)::numeric, 3), round(sum(s.total_exec_time)::numeric, 3), sum(s.rows)::bigint
      FROM %I.pg_stat_statements s LEFT JOIN pg_roles r ON r.oid = s.userid
     WHERE s.dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND s.queryid IS NOT NULL
     GROUP BY s.queryid, s.userid, r.rolname
    HAVING sum(s.total_exec_time) / nullif(sum(s.calls), 0) > $1$q$, ext_schema) USING min_mean_ms;
EXCEPTION WHEN object_not_in_prerequisite_state THEN
  RAISE NOTICE 'pg_stat_statements is not loaded (%): nothing captured', SQLERRM;
END
$$;

-- Records the statements slower than min_mean_ms (default: the runbook's response-time target) in the
-- history and returns how many were new or ran again since the last capture. Capturing twice adds nothing.
CREATE OR REPLACE FUNCTION performance.capture_slow_queries(min_mean_ms numeric DEFAULT NULL)
RETURNS integer
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  captured integer;
BEGIN
  INSERT INTO performance.slow_query_history AS h
         (queryid, userid, username, query, calls, execution_time_ms, max_execution_time_ms, total_execution_time_ms, rows)
  SELECT s.queryid, s.userid, s.username, s.query, s.calls, s.execution_time_ms, s.max_execution_time_ms,
         s.total_execution_time_ms, s.rows
    FROM performance.slow_statements(coalesce(min_mean_ms, performance.slow_query_ms())) s
  ON CONFLICT (queryid, userid) DO UPDATE
     SET username = EXCLUDED.username, query = EXCLUDED.query, calls = EXCLUDED.calls,
         execution_time_ms = EXCLUDED.execution_time_ms, max_execution_time_ms = EXCLUDED.max_execution_time_ms,
         total_execution_time_ms = EXCLUDED.total_execution_time_ms, rows = EXCLUDED.rows, captured_at = now()
   WHERE h.calls IS DISTINCT FROM EXCLUDED.calls;
  GET DIAGNOSTICS captured = ROW_COUNT;
  RETURN captured;
END
$$;
COMMENT ON FUNCTION performance.capture_slow_queries(numeric) IS 'Records statements slower than min_mean_ms (default: the runbook''s response-time target) from pg_stat_statements, one row per statement; returns how many were new or ran again.';

-- What slow_query_log shows. In a read-write transaction it captures first and reads the history. In a
-- read-only transaction (or on a standby) it cannot write: it shows the history merged with what a
-- capture would record now, so the answer is the same and nothing is written.
CREATE OR REPLACE FUNCTION performance.slow_queries()
RETURNS TABLE (captured_at timestamptz, first_captured_at timestamptz, queryid bigint, username name, query text,
               calls bigint, execution_time_ms numeric, max_execution_time_ms numeric,
               total_execution_time_ms numeric, rows bigint)
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  IF current_setting('transaction_read_only') = 'off' THEN
    PERFORM performance.capture_slow_queries();
    RETURN QUERY
      SELECT h.captured_at, h.first_captured_at, h.queryid, h.username, h.query, h.calls, h.execution_time_ms,
             h.max_execution_time_ms, h.total_execution_time_ms, h.rows
        FROM performance.slow_query_history h;
  ELSE
    RETURN QUERY
      SELECT CASE WHEN h.queryid IS NULL OR h.calls IS DISTINCT FROM s.calls THEN now() ELSE h.captured_at END,
             coalesce(h.first_captured_at, now()), coalesce(s.queryid, h.queryid), coalesce(s.username, h.username),
             coalesce(s.query, h.query), coalesce(s.calls, h.calls), coalesce(s.execution_time_ms, h.execution_time_ms),
             coalesce(s.max_execution_time_ms, h.max_execution_time_ms),
             coalesce(s.total_execution_time_ms, h.total_execution_time_ms), coalesce(s.rows, h.rows)
        FROM performance.slow_query_history h
        FULL JOIN performance.slow_statements(performance.slow_query_ms()) s
          ON s.queryid = h.queryid AND s.userid = h.userid;
  END IF;
END
$$;

CREATE OR REPLACE VIEW performance.slow_query_log AS
  SELECT * FROM performance.slow_queries();
COMMENT ON VIEW performance.slow_query_log IS 'Slow statements (mean above the runbook''s response-time target), captured from pg_stat_statements when read; one row per statement and user.';
