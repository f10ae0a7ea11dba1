-- The ShowTrackAI demo data generator: ~1,000 users (1 in 50 an advisor), ~10,000 animals, journal
-- entries, AI assessment (SPAR) runs, feed brands, and a day of data-access audit including one account
-- that read over 1,000 other users' animals in the last hour (what "Suspicious Activity Response" hunts).
-- Deterministic: every value comes from a hash of its row number, not from random(); only the audit
-- timestamps are relative to the time of generation so that the runbook's "last 24 hours" queries see them.

-- A number in [0, n) picked by hashing `key`: the generator's deterministic stand-in for random().
CREATE OR REPLACE FUNCTION public.demo_pick(key text, n integer) RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT ((hashtext(key)::bigint + 2147483648) % n)::integer
$$;

-- Fills the empty demo tables and reports the rows generated per table; does nothing (NOTICE) when
-- user_profiles already has rows, so installing twice never duplicates data.
CREATE OR REPLACE FUNCTION public.generate_demo_data(users integer DEFAULT 1000)
RETURNS TABLE (table_name text, rows_generated bigint)
LANGUAGE plpgsql VOLATILE SET row_security = off AS $$
DECLARE
  n_animals integer := users * 10;
  species text[] := ARRAY['cattle', 'swine', 'sheep', 'goat', 'poultry', 'rabbit'];
  breeds text[] := ARRAY['Angus', 'Hereford', 'Duroc', 'Hampshire', 'Suffolk', 'Dorper', 'Boer', 'Nubian',
                         'Leghorn', 'Cornish Cross', 'New Zealand', 'Californian'];
  firsts text[] := ARRAY['Ava', 'Ben', 'Cora', 'Dylan', 'Emma', 'Finn', 'Grace', 'Hunter', 'Isla', 'Jack',
                         'Kate', 'Luke', 'Maya', 'Noah', 'Olivia', 'Parker', 'Quinn', 'Riley', 'Sadie', 'Tyler'];
  lasts text[] := ARRAY['Anderson', 'Brooks', 'Carter', 'Davis', 'Evans', 'Foster', 'Garcia', 'Hughes',
                        'Jensen', 'Keller', 'Lopez', 'Miller', 'Nelson', 'Owens', 'Peterson', 'Reed'];
  categories text[] := ARRAY['feeding', 'health', 'training', 'weigh-in', 'show prep', 'expenses'];
  suspect uuid := md5('showtrack-user-777')::uuid;
BEGIN
  IF EXISTS (SELECT 1 FROM public.user_profiles) THEN
    RAISE NOTICE 'demo data already present: nothing generated';
    RETURN;
  END IF;

  INSERT INTO public.feed_brands (id, name, manufacturer, protein_pct, created_at)
  SELECT row_number() OVER (ORDER BY m, l), m || ' ' || l, m, 12 + demo_pick(m || l, 10), timestamptz '2024-07-01 00:00:00+00'
    FROM unnest(ARRAY['Purina', 'Nutrena', 'Kent', 'Sunglo', 'Jacoby', 'Show-Rite', 'Umbarger', 'Lindner']) m,
         unnest(ARRAY['Grower', 'Finisher', 'Show Blend']) l;

  INSERT INTO public.user_profiles (id, email, full_name, role, chapter, created_at, updated_at)
  SELECT md5('showtrack-user-' || i)::uuid, 'member' || i || '@showtrack.example',
         firsts[1 + demo_pick('f' || i, 20)] || ' ' || lasts[1 + demo_pick('l' || i, 16)],
         CASE WHEN i = 1 THEN 'admin' WHEN i % 50 = 0 THEN 'advisor' ELSE 'student' END,
         'Chapter ' || (1 + i % 40),
         timestamptz '2024-08-01 00:00:00+00' + i * interval '3 hours',
         timestamptz '2024-08-01 00:00:00+00' + i * interval '3 hours'
    FROM generate_series(1, users) i;

  INSERT INTO public.animals (id, user_id, name, species, breed, birth_date, weight_lbs, feed_brand_id, created_at, updated_at)
  SELECT g, md5('showtrack-user-' || (1 + demo_pick('owner' || g, users)))::uuid,
         (ARRAY['Daisy', 'Buck', 'Rosie', 'Duke', 'Penny', 'Tank', 'Lucy', 'Bruno', 'Honey', 'Ziggy'])[1 + demo_pick('n' || g, 10)] || ' ' || g,
         species[1 + s], breeds[1 + 2 * s + demo_pick('b' || g, 2)],
         date '2024-01-01' + demo_pick('d' || g, 365),
         (ARRAY[1200, 260, 140, 90, 8, 10])[1 + s] * (0.6 + demo_pick('w' || g, 80) / 100.0),
         1 + demo_pick('fb' || g, 24),
         timestamptz '2024-09-01 00:00:00+00' + demo_pick('c' || g, 180 * 24) * interval '1 hour',
         timestamptz '2024-09-01 00:00:00+00' + demo_pick('c' || g, 180 * 24) * interval '1 hour'
    FROM generate_series(1, n_animals) g, LATERAL (SELECT demo_pick('s' || g, 6) AS s) sp;

  INSERT INTO public.journal_entries (id, user_id, animal_id, entry_date, category, title, content, hours, created_at)
  SELECT j, a.user_id, a.id, (a.created_at + demo_pick('jd' || j, 120) * interval '1 day')::date, cat,
         initcap(cat) || ' log for ' || a.name,
         'Recorded ' || cat || ' for ' || a.name || ' (' || a.species || ').', demo_pick('jh' || j, 300) / 100.0,
         a.created_at + demo_pick('jd' || j, 120) * interval '1 day'
    FROM generate_series(1, n_animals * 2) j
    JOIN public.animals a ON a.id = 1 + demo_pick('ja' || j, n_animals),
    LATERAL (SELECT categories[1 + demo_pick('jc' || j, 6)] AS cat) c;

  INSERT INTO public.spar_runs (id, user_id, animal_id, status, model, score, started_at, completed_at, created_at)
  SELECT r, a.user_id, a.id, st, 'spar-v' || (1 + demo_pick('rv' || r, 3)),
         CASE WHEN st = 'succeeded' THEN 50 + demo_pick('rs' || r, 5000) / 100.0 END,
         a.created_at + demo_pick('rt' || r, 90) * interval '1 day',
         CASE WHEN st IN ('succeeded', 'failed') THEN a.created_at + demo_pick('rt' || r, 90) * interval '1 day' + interval '40 seconds' END,
         a.created_at + demo_pick('rt' || r, 90) * interval '1 day'
    FROM generate_series(1, n_animals / 3) r
    JOIN public.animals a ON a.id = 1 + demo_pick('ra' || r, n_animals),
    LATERAL (SELECT (ARRAY['succeeded', 'succeeded', 'succeeded', 'succeeded', 'succeeded', 'succeeded',
                           'succeeded', 'failed', 'running', 'queued'])[1 + demo_pick('rst' || r, 10)] AS st) x;

  -- A day of reads: owners reading their own animals, advisors reviewing students', and the suspect
  -- (a student account) reading 1,200 other users' animals within the last hour.
  INSERT INTO public.data_access_audit (user_id, resource_type, resource_id, owner_id, access_type, "timestamp")
  SELECT a.user_id, 'animals', a.id::text, a.user_id, 'own_data', now() - demo_pick('ot' || k, 86400) * interval '1 second'
    FROM generate_series(1, 2000) k JOIN public.animals a ON a.id = 1 + demo_pick('oa' || k, n_animals)
  UNION ALL
  SELECT md5('showtrack-user-' || (50 * (1 + demo_pick('adv' || k, greatest(users / 50, 1)))))::uuid, 'animals', a.id::text,
         a.user_id, 'cross_user_access', now() - demo_pick('at' || k, 86400) * interval '1 second'
    FROM generate_series(1, 300) k JOIN public.animals a ON a.id = 1 + demo_pick('aa' || k, n_animals)
  UNION ALL
  SELECT suspect, CASE WHEN k % 4 = 0 THEN 'journal_entries' ELSE 'animals' END, a.id::text, a.user_id,
         'cross_user_access', now() - demo_pick('st' || k, 3000) * interval '1 second'
    FROM generate_series(1, 1200) k JOIN public.animals a ON a.id = 1 + demo_pick('sa' || k, n_animals)
   WHERE users >= 777;

  -- Explicit ids were inserted: move the identity sequences past them.
  PERFORM setval(pg_get_serial_sequence('public.feed_brands', 'id'), (SELECT max(id) FROM public.feed_brands));
  PERFORM setval(pg_get_serial_sequence('public.animals', 'id'), (SELECT max(id) FROM public.animals));
  PERFORM setval(pg_get_serial_sequence('public.journal_entries', 'id'), (SELECT max(id) FROM public.journal_entries));
  PERFORM setval(pg_get_serial_sequence('public.spar_runs', 'id'), (SELECT max(id) FROM public.spar_runs));
  ANALYZE public.user_profiles, public.feed_brands, public.animals, public.journal_entries, public.spar_runs, public.data_access_audit;

  RETURN QUERY
  SELECT 'user_profiles', count(*) FROM public.user_profiles UNION ALL
  SELECT 'feed_brands', count(*) FROM public.feed_brands UNION ALL
  SELECT 'animals', count(*) FROM public.animals UNION ALL
  SELECT 'journal_entries', count(*) FROM public.journal_entries UNION ALL
  SELECT 'spar_runs', count(*) FROM public.spar_runs UNION ALL
  SELECT 'data_access_audit', count(*) FROM public.data_access_audit;
END
$$;
COMMENT ON FUNCTION public.generate_demo_data(integer) IS 'Fills the empty ShowTrackAI tables with deterministic demo rows (~1,000 users, ~10,000 animals); reports rows per table.';
