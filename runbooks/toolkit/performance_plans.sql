-- Query plans without running anything: analyze_query (the runbook's "Analyze specific query"), and
-- explain_statement, which recommend_indexes (performance_indexes.sql) reads plans with.
-- How nothing runs: the text must be exactly one statement (a lexer below refuses a second one, which
-- EXECUTE would otherwise run), it is only PREPAREd (parsed and planned; PREPARE accepts SELECT, INSERT,
-- UPDATE, DELETE, MERGE and VALUES, so "ANALYZE DELETE ..." or "EXPLAIN ANALYZE ..." are syntax errors),
-- and plain EXPLAIN EXECUTE shows its generic plan, all inside a subtransaction that is read-only and
-- rolled back, so even a mistake here could not write.

-- The one statement in `query_text`, without trailing `;`; an error when there is none or more than one.
-- Skips what psql skips: '...' and E'...' strings, "identifiers", $tag$ bodies, -- and nested /* */ comments.
CREATE OR REPLACE FUNCTION performance.one_statement(query_text text, caller text DEFAULT 'analyze_query')
RETURNS text
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
  s text := coalesce(query_text, '');
  n integer := length(s);
  i integer := 1;
  c text;
  j integer;
  depth integer;
  tag text;
  escapes boolean;
  stmt_end integer;
  has_code boolean := false;
BEGIN
  IF n > 100000 THEN
    RAISE EXCEPTION '%: the statement is longer than 100,000 characters', caller;
  END IF;
  WHILE i <= n LOOP
    c := substr(s, i, 1);
    IF c = '-' AND substr(s, i + 1, 1) = '-' THEN
      j := strpos(substr(s, i), E'\n');
      i := CASE WHEN j = 0 THEN n + 1 ELSE i + j END;
    ELSIF c = '/' AND substr(s, i + 1, 1) = '*' THEN
      depth := 1;
      i := i + 2;
      WHILE i <= n AND depth > 0 LOOP
        IF substr(s, i, 2) = '/*' THEN depth := depth + 1; i := i + 2;
        ELSIF substr(s, i, 2) = '*/' THEN depth := depth - 1; i := i + 2;
        ELSE i := i + 1;
        END IF;
      END LOOP;
    ELSIF c ~ '\s' THEN
      i := i + 1;
    ELSIF stmt_end IS NOT NULL THEN
      IF c <> ';' THEN
        RAISE EXCEPTION '%: pass one statement; this text holds more than one (a second one starts at character %)', caller, i
          USING HINT = 'Nothing was run. Pass the statements one at a time.';
      END IF;
      i := i + 1;
    ELSIF c = ';' THEN
      stmt_end := i;
      i := i + 1;
    ELSE
      has_code := true;
      IF c = '''' THEN
        escapes := i > 1 AND lower(substr(s, i - 1, 1)) = 'e' AND (i = 2 OR substr(s, i - 2, 1) !~ '[A-Za-z0-9_$]');
        i := i + 1;
        WHILE i <= n LOOP
          c := substr(s, i, 1);
          IF escapes AND c = '\' THEN i := i + 2;
          ELSIF c = '''' AND substr(s, i + 1, 1) = '''' THEN i := i + 2;
          ELSIF c = '''' THEN i := i + 1; EXIT;
          ELSE i := i + 1;
          END IF;
        END LOOP;
      ELSIF c = '"' THEN
        i := i + 1;
        WHILE i <= n LOOP
          c := substr(s, i, 1);
          IF c = '"' AND substr(s, i + 1, 1) = '"' THEN i := i + 2;
          ELSIF c = '"' THEN i := i + 1; EXIT;
          ELSE i := i + 1;
          END IF;
        END LOOP;
      ELSIF c = '$' AND (i = 1 OR substr(s, i - 1, 1) !~ '[A-Za-z0-9_$]') THEN
        tag := (regexp_match(substr(s, i, 200), '^\$(?:[A-Za-z_][A-Za-z0-9_]*)?\$'))[1];
        IF tag IS NULL THEN
          i := i + 1;
        ELSE
          j := strpos(substr(s, i + length(tag)), tag);
          i := CASE WHEN j = 0 THEN n + 1 ELSE i + length(tag) + j - 1 + length(tag) END;
        END IF;
      ELSE
        i := i + 1;
      END IF;
    END IF;
  END LOOP;
  IF NOT has_code THEN
    RAISE EXCEPTION '%: needs the text of one SQL statement', caller;
  END IF;
  RETURN btrim(CASE WHEN stmt_end IS NULL THEN s ELSE left(s, stmt_end - 1) END, E' \t\r\n');
END
$$;
COMMENT ON FUNCTION performance.one_statement(text, text) IS 'The single statement in a text, without its trailing semicolon; an error for none or several.';

-- The plain EXPLAIN of one statement, as text lines or (as_json) one VERBOSE JSON document, never executed
-- (see the top of this file). Statements with $1.. parameters (as pg_stat_statements shows them) get their generic plan.
CREATE OR REPLACE FUNCTION performance.explain_statement(query_text text, as_json boolean DEFAULT false, caller text DEFAULT 'analyze_query')
RETURNS text[]
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  stmt text := performance.one_statement(query_text, caller);
  first_word text := lower((regexp_match(regexp_replace(stmt, '^(\s|\(|--[^\n]*)*', ''), '^[A-Za-z]+'))[1]);
  pname text := 'performance_explain_' || md5(random()::text || clock_timestamp()::text);
  nparams integer;
  line text;
  lines text[] := '{}';
BEGIN
  IF first_word IN ('explain', 'analyze', 'analyse') THEN
    RAISE EXCEPTION '%: pass the statement itself, without %', caller, upper(first_word)
      USING HINT = caller || ' shows the plain EXPLAIN plan and never runs the statement; EXPLAIN ANALYZE would run it.';
  END IF;
  BEGIN
    PERFORM set_config('transaction_read_only', 'on', true);
    EXECUTE format('PREPARE %I AS %s', pname, stmt);
    SELECT cardinality(p.parameter_types) INTO nparams FROM pg_prepared_statements p WHERE p.name = pname;
    PERFORM set_config('plan_cache_mode', 'force_generic_plan', true);
    FOR line IN EXECUTE format('EXPLAIN (%s) EXECUTE %I%s', CASE WHEN as_json THEN 'FORMAT JSON, VERBOSE' ELSE 'FORMAT TEXT' END, pname,
                               CASE WHEN nparams > 0 THEN '(' || array_to_string(array_fill('NULL'::text, ARRAY[nparams]), ', ') || ')' ELSE '' END)
    LOOP
      lines := lines || line;
    END LOOP;
    EXECUTE format('DEALLOCATE %I', pname);
    -- Undo the read-only and plan settings (only a rolled-back subtransaction can turn read-only off).
    RAISE EXCEPTION USING ERRCODE = 'RBX01';
  EXCEPTION
    WHEN SQLSTATE 'RBX01' THEN NULL;
    WHEN syntax_error THEN
      IF EXISTS (SELECT 1 FROM pg_prepared_statements p WHERE p.name = pname) THEN EXECUTE format('DEALLOCATE %I', pname); END IF;
      RAISE EXCEPTION '%: % in: %', caller, SQLERRM, left(stmt, 200)
        USING HINT = 'Pass the text of one SELECT, INSERT, UPDATE, DELETE, MERGE or VALUES statement; nothing was run.';
    WHEN OTHERS THEN
      IF EXISTS (SELECT 1 FROM pg_prepared_statements p WHERE p.name = pname) THEN EXECUTE format('DEALLOCATE %I', pname); END IF;
      RAISE EXCEPTION '%: %', caller, SQLERRM USING ERRCODE = SQLSTATE;
  END;
  RETURN lines;
END
$$;
COMMENT ON FUNCTION performance.explain_statement(text, boolean, text) IS 'Plain EXPLAIN (text lines or JSON) of exactly one statement, prepared in a read-only rolled-back subtransaction; never runs it.';

-- Returns the EXPLAIN plan of one statement as rows, without running it.
CREATE OR REPLACE FUNCTION performance.analyze_query(query_text text)
RETURNS TABLE (query_plan text)
LANGUAGE sql VOLATILE AS $$
  SELECT unnest(performance.explain_statement(query_text, false, 'analyze_query'))
$$;
COMMENT ON FUNCTION performance.analyze_query(text) IS 'Plain EXPLAIN of one statement, one row per plan line; the statement is never executed.';
