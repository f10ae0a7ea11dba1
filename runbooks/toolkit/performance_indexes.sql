-- recommend_indexes: the indexes the plans of the statements pg_stat_statements has seen ask for
-- (read with explain_statement, never run), unindexed foreign keys, and sequential-scan-heavy tables.

-- schema.table, always qualified (regclass::text leaves out schemas on the search_path).
CREATE OR REPLACE FUNCTION performance.qualified(rel regclass) RETURNS text
LANGUAGE sql STABLE AS $$
  SELECT format('%I.%I', n.nspname, c.relname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = rel
$$;

-- A column reference as EXPLAIN VERBOSE prints it (`alias.col`, either part possibly "quoted"), split.
CREATE OR REPLACE FUNCTION performance.plan_column(ref text, alias text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN left(ref, length(quote_ident(alias)) + 1) = quote_ident(alias) || '.'
              THEN (SELECT CASE WHEN c LIKE '"%"' THEN replace(substr(c, 2, length(c) - 2), '""', '"') ELSE c END
                      FROM substr(ref, length(quote_ident(alias)) + 2) c) END
$$;

-- The indexes one plan asks for: a sequential scan of a table of 1,000 rows or more that keeps under a
-- fifth of them (its filter's `col = ...` columns, most distinct first, then one range column), and a sort of a sequential
-- scan under a LIMIT (the filter's equality columns, then the sort keys). `orders` holds each column's
-- direction (' DESC', ' NULLS FIRST', or ''). Filters with OR and sorts on expressions ask for nothing:
-- no single index plainly serves them.
CREATE OR REPLACE FUNCTION performance.plan_index_candidates(plan jsonb)
RETURNS TABLE (relation regclass, columns text[], orders text[])
LANGUAGE sql STABLE AS $$
  WITH RECURSIVE nodes (node, ancestors) AS (
    SELECT plan -> 0 -> 'Plan', ARRAY[]::text[]
    UNION ALL
    SELECT child, n.ancestors || (n.node ->> 'Node Type')
      FROM nodes n, jsonb_array_elements(coalesce(n.node -> 'Plans', '[]')) child
  ), scans AS (
    SELECT n.node, n.ancestors, s.node AS scan,
           to_regclass(quote_ident(s.node ->> 'Schema') || '.' || quote_ident(s.node ->> 'Relation Name')) AS rel
      FROM nodes n
      CROSS JOIN LATERAL (SELECT CASE WHEN n.node ->> 'Node Type' = 'Sort' THEN n.node -> 'Plans' -> 0 ELSE n.node END AS node) s
     WHERE s.node ->> 'Node Type' = 'Seq Scan' AND n.node ->> 'Node Type' IN ('Seq Scan', 'Sort')
  ), judged AS (
    SELECT sc.*, c.reltuples, coalesce((sc.scan ->> 'Filter') ~ '\mOR\M', false) AS has_or,
           -- Equality columns as an index should lead: most distinct values first (pg_stats; the planner
           -- orders a filter's conjuncts by cost, not as an index needs them), then as written.
           ARRAY(SELECT e.col
                   FROM (SELECT performance.plan_column(x.m[1], sc.scan ->> 'Alias') AS col, x.o
                           FROM regexp_matches(coalesce(sc.scan ->> 'Filter', ''),
                                  '((?:"(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_$]*)\.(?:"(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_$]*))\)?(?:::[A-Za-z_][A-Za-z0-9_ ]*(?:\[\])?)?\)? = ', 'g')
                                WITH ORDINALITY x(m, o)) e
                   LEFT JOIN pg_stats st ON st.schemaname = (sc.scan ->> 'Schema') AND st.tablename = (sc.scan ->> 'Relation Name')
                                        AND st.attname = e.col AND NOT st.inherited
                  ORDER BY CASE WHEN st.n_distinct < 0 THEN -st.n_distinct * greatest(c.reltuples, 0) ELSE st.n_distinct END DESC NULLS LAST, e.o) AS eq,
           ARRAY(SELECT performance.plan_column(m[1], sc.scan ->> 'Alias')
                   FROM regexp_matches(coalesce(sc.scan ->> 'Filter', ''),
                          '((?:"(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_$]*)\.(?:"(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_$]*))\)?(?:::[A-Za-z_][A-Za-z0-9_ ]*(?:\[\])?)?\)? (?:<|<=|>|>=) ', 'g') m) AS ranged
      FROM scans sc JOIN pg_class c ON c.oid = sc.rel
      JOIN pg_namespace ns ON ns.oid = c.relnamespace
     WHERE ns.nspname NOT IN ('pg_catalog', 'information_schema', 'backup_recovery', 'performance')
       AND c.reltuples >= 1000
  ), filtered AS (
    SELECT j.rel, j.eq || CASE WHEN j.ranged[1] IS NOT NULL AND NOT j.ranged[1] = ANY (j.eq) THEN ARRAY[j.ranged[1]] ELSE '{}' END AS cols
      FROM judged j
     WHERE j.node ->> 'Node Type' = 'Seq Scan' AND NOT j.has_or
       AND (j.scan ->> 'Plan Rows')::numeric < j.reltuples / 5
  ), sorted AS (
    SELECT j.rel, (CASE WHEN j.has_or THEN '{}' ELSE j.eq END) || keys.cols AS cols,
           array_fill(''::text, ARRAY[cardinality(CASE WHEN j.has_or THEN '{}' ELSE j.eq END)]) || keys.orders AS orders, keys.plain
      FROM judged j
      CROSS JOIN LATERAL (
        SELECT array_agg(performance.plan_column(m[1], j.scan ->> 'Alias') ORDER BY k.ord) AS cols,
               array_agg(coalesce(m[2], '') || coalesce(m[3], '') ORDER BY k.ord) AS orders,
               bool_and(m IS NOT NULL AND performance.plan_column(m[1], j.scan ->> 'Alias') IS NOT NULL) AS plain
          FROM jsonb_array_elements_text(j.node -> 'Sort Key') WITH ORDINALITY k(key, ord)
          LEFT JOIN LATERAL regexp_match(k.key, '^((?:"(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_$]*)\.(?:"(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_$]*))( DESC)?( NULLS (?:FIRST|LAST))?$') m ON true
      ) keys
     WHERE j.node ->> 'Node Type' = 'Sort' AND 'Limit' = ANY (j.ancestors)
  )
  SELECT f.rel, f.cols, array_fill(''::text, ARRAY[cardinality(f.cols)])
    FROM filtered f WHERE cardinality(f.cols) > 0 AND array_position(f.cols, NULL) IS NULL
  UNION ALL
  SELECT s.rel, s.cols, s.orders
    FROM sorted s WHERE s.plain AND array_position(s.cols, NULL) IS NULL
$$;

-- Whether an index of `rel` already leads with `columns`, in that order (a btree read backwards serves
-- DESC too). Partial indexes do not count: they serve only their own WHERE.
CREATE OR REPLACE FUNCTION performance.has_index_for(rel regclass, columns text[]) RETURNS boolean
LANGUAGE sql STABLE AS $$
  SELECT EXISTS (
    SELECT 1
      FROM pg_index i
     WHERE i.indrelid = rel AND i.indpred IS NULL
       AND ARRAY(SELECT a.attname::text
                   FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(attnum, ord)
                   LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
                  WHERE k.ord <= cardinality(columns) ORDER BY k.ord) = columns
  )
$$;

-- Recommends indexes from three signals, strongest first:
-- 1. workload: the plans of this database's statements in pg_stat_statements (called 50 times or more, or
--    slower than the runbook's response-time target), as plan_index_candidates reads them;
-- 2. foreign keys whose columns no index leads with (every join and ON DELETE check scans the table),
--    unless a workload suggestion already leads with them;
-- 3. large tables read mostly by sequential scans, when the workload names no index for them.
CREATE OR REPLACE FUNCTION performance.recommend_indexes()
RETURNS TABLE (table_name text, reason text, suggested_index text)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  ext_schema name := (SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_stat_statements');
  st record;
  plan jsonb;
  seen jsonb := '[]';
BEGIN
  IF ext_schema IS NOT NULL THEN
    BEGIN
      FOR st IN EXECUTE format($q$
        SELECT s.query, sum(s.calls)::bigint AS calls, sum(s.total_exec_time)::numeric AS total_ms
          FROM %I.pg_stat_statements s
         WHERE s.dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
           AND s.query ~* '^\s*(select|with|update|delete)\M'
         GROUP BY s.query
        HAVING sum(s.calls) >= 50 OR sum(s.total_exec_time) / nullif(sum(s.calls), 0) > $1
         ORDER BY sum(s.total_exec_time) DESC LIMIT 50$q$, ext_schema) USING performance.slow_query_ms()
      LOOP
        BEGIN
          plan := (performance.explain_statement(st.query, true, 'recommend_indexes'))[1]::jsonb;
        EXCEPTION WHEN OTHERS THEN
          CONTINUE;  -- not plannable here (another session's temp table, another search_path, ...)
        END;
        seen := seen || coalesce((SELECT jsonb_agg(jsonb_build_object('relation', c.relation::oid, 'columns', c.columns, 'orders', c.orders,
                                                                     'calls', st.calls, 'total_ms', st.total_ms, 'example', st.query))
                                    FROM performance.plan_index_candidates(plan) c), '[]');
      END LOOP;
    EXCEPTION WHEN object_not_in_prerequisite_state THEN
      RAISE NOTICE 'pg_stat_statements is not loaded (%): no workload-based recommendations', SQLERRM;
    END;
  END IF;

  RETURN QUERY
  WITH workload AS (
    SELECT s.relation::regclass AS relation, s.columns, s.orders, sum(s.calls) AS calls,
           round(sum(s.total_ms), 1) AS total_ms, min(s.example) AS example
      FROM jsonb_to_recordset(seen) AS s(relation oid, columns text[], orders text[], calls bigint, total_ms numeric, example text)
     WHERE NOT performance.has_index_for(s.relation::regclass, s.columns)
     GROUP BY s.relation, s.columns, s.orders
  ), fk AS (
    SELECT c.conrelid::regclass AS relation, c.conname, cols.names
      FROM pg_constraint c
      JOIN pg_class r ON r.oid = c.conrelid
      JOIN pg_namespace n ON n.oid = r.relnamespace
      CROSS JOIN LATERAL (
        SELECT array_agg(a.attname::text ORDER BY k.ord) AS names
          FROM unnest(c.conkey) WITH ORDINALITY k(attnum, ord)
          JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum
      ) cols
     WHERE c.contype = 'f' AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'backup_recovery', 'performance')
       AND NOT EXISTS (
         SELECT 1 FROM pg_index i
          WHERE i.indrelid = c.conrelid
            AND (string_to_array(i.indkey::text, ' ')::int2[])[1:cardinality(c.conkey)] @> c.conkey
            AND (string_to_array(i.indkey::text, ' ')::int2[])[1:cardinality(c.conkey)] <@ c.conkey)
  )
  SELECT performance.qualified(w.relation),
         format('%s calls (%s ms in all) read the table without an index, e.g. %s', w.calls, w.total_ms,
                left(regexp_replace(w.example, '\s+', ' ', 'g'), 120)),
         format('CREATE INDEX CONCURRENTLY ON %s (%s);', performance.qualified(w.relation),
                (SELECT string_agg(quote_ident(c.name) || c.dir, ', ' ORDER BY c.ord)
                   FROM unnest(w.columns, w.orders) WITH ORDINALITY c(name, dir, ord)))
    FROM workload w
  UNION ALL
  SELECT performance.qualified(f.relation),
         format('foreign key %s (%s) has no index leading with its columns', f.conname, array_to_string(f.names, ', ')),
         format('CREATE INDEX CONCURRENTLY ON %s (%s);', performance.qualified(f.relation), (SELECT string_agg(quote_ident(x), ', ') FROM unnest(f.names) x))
    FROM fk f
   WHERE NOT EXISTS (SELECT 1 FROM workload w WHERE w.relation = f.relation AND w.columns[1:cardinality(f.names)] @> f.names)
  UNION ALL
  SELECT format('%I.%I', s.schemaname, s.relname),
         format('%s sequential scans read %s rows (%s index scans) over %s live rows: index the columns its queries filter on (see pg_stat_statements)',
                s.seq_scan, s.seq_tup_read, coalesce(s.idx_scan, 0), s.n_live_tup),
         NULL
    FROM pg_stat_user_tables s
   WHERE s.schemaname NOT IN ('backup_recovery', 'performance') AND s.n_live_tup >= 1000 AND s.seq_scan > coalesce(s.idx_scan, 0)
     AND NOT EXISTS (SELECT 1 FROM workload w WHERE w.relation = s.relid)
  ORDER BY 1, 3 NULLS LAST, 2;
END
$$;
COMMENT ON FUNCTION performance.recommend_indexes() IS 'Indexes the workload''s plans ask for (pg_stat_statements), unindexed foreign keys and sequential-scan-heavy tables, with a CREATE INDEX where one follows.';
