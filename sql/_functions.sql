-- Helper macros and views the reports share. Created before the reports.

-- A date printed only as precisely as it is known: 2025-03 when only the month is.
CREATE MACRO fmt_date(d, prec) AS
  CASE WHEN d IS NULL THEN NULL
       WHEN prec = 'year' THEN strftime(d, '%Y')
       WHEN prec = 'month' THEN strftime(d, '%Y-%m')
       ELSE strftime(d, '%Y-%m-%d') END;

-- The end of a period, or that it is still open as of the package's as_of date.
CREATE MACRO fmt_end(d, prec) AS
  coalesce(fmt_date(d, prec), 'ongoing as of ' || (SELECT strftime(as_of, '%Y-%m-%d') FROM dataset_info));

CREATE MACRO dataset_as_of() AS (SELECT as_of FROM dataset_info);

-- A text cut to at most n characters at a word boundary, with … when it was cut (never mid-word).
CREATE MACRO clip_words(text, n) AS
  CASE WHEN length(text) <= n THEN text
       ELSE coalesce(nullif(regexp_replace(left(text, n + 1), '\s*\S*$', ''), ''), left(text, n)) || '…' END;

-- Every record of every table with its table, a label and its main date, so any id can be looked up.
CREATE VIEW records AS
  SELECT 'actors' AS table_name, id, name AS label, NULL::DATE AS date, NULL AS date_precision, to_json(t) AS row_json FROM actors t
  UNION ALL SELECT 'roles', id, title, start_date, start_precision, to_json(t) FROM roles t
  UNION ALL SELECT 'actor_relations', id, subject_id || ' ' || relation || ' ' || object_id, start_date, start_precision, to_json(t) FROM actor_relations t
  UNION ALL SELECT 'places', id, name, NULL, NULL, to_json(t) FROM places t
  UNION ALL SELECT 'processes', id, name, NULL, NULL, to_json(t) FROM processes t
  UNION ALL SELECT 'meetings', id, title, date, date_precision, to_json(t) FROM meetings t
  UNION ALL SELECT 'meeting_participants', id, meeting_id || ': ' || actor_id || ' (' || role || ')', NULL, NULL, to_json(t) FROM meeting_participants t
  UNION ALL SELECT 'statements', id, clip_words(text, 80), date, date_precision, to_json(t) FROM statements t
  UNION ALL SELECT 'agreements', id, title, signed_date, signed_precision, to_json(t) FROM agreements t
  UNION ALL SELECT 'agreement_parties', id, agreement_id || ': ' || actor_id || ' (' || role || ')', NULL, NULL, to_json(t) FROM agreement_parties t
  UNION ALL SELECT 'territorial_control', id, controller_id || ' holds ' || place_id, start_date, start_precision, to_json(t) FROM territorial_control t
  UNION ALL SELECT 'events', id, title, date, date_precision, to_json(t) FROM events t
  UNION ALL SELECT 'event_actors', id, event_id || ': ' || actor_id || ' (' || role || ')', NULL, NULL, to_json(t) FROM event_actors t
  UNION ALL SELECT 'figures', id, subject, date, date_precision, to_json(t) FROM figures t;

-- Every place with each place it lies in, at any depth (a town, its territory, province, country),
-- so a question about a province finds every town in it. depth 0 is the place itself.
CREATE VIEW place_ancestry AS
  WITH RECURSIVE up(place_id, ancestor_id, depth) AS (
    SELECT id, id, 0 FROM places
    UNION ALL
    SELECT up.place_id, p.parent_id, up.depth + 1
    FROM up JOIN places p ON p.id = up.ancestor_id
    WHERE p.parent_id IS NOT NULL AND up.depth < 20
  )
  SELECT place_id, ancestor_id, depth FROM up;

-- An actor together with those who act for it: for a state, its government bodies (same
-- country) and anyone who held a post in the state or one of those bodies. Lets "meetings between
-- the US and the DRC" find Rubio and Tshisekedi, but not a US journalist who interviewed him.
CREATE MACRO side_of(who) AS TABLE
  WITH RECURSIVE bodies AS (
    SELECT a.id FROM actors a WHERE a.id = who
    UNION
    SELECT a.id FROM actors a, actors s
    WHERE s.id = who AND s.kind = 'state' AND a.kind = 'government_body' AND a.country = s.country
  )
  SELECT id AS actor_id FROM bodies
  UNION
  SELECT r.actor_id FROM roles r WHERE r.organization_id IN (SELECT id FROM bodies);

-- Distinct origins among a record's supporting citations: the measure of independent corroboration.
CREATE VIEW record_support AS
  SELECT r.table_name, r.id,
         count(DISTINCT c.source_id) FILTER (WHERE c.stance = 'supports') AS supporting_sources,
         count(DISTINCT s.origin) FILTER (WHERE c.stance = 'supports') AS supporting_origins,
         count(*) FILTER (WHERE c.stance = 'contradicts') AS contradicting_citations
  FROM records r LEFT JOIN citations c ON c.record_id = r.id LEFT JOIN sources s ON s.id = c.source_id
  GROUP BY r.table_name, r.id;

COMMENT ON MACRO fmt_date IS 'A date printed only as precisely as it is known (prec year, month or day): 2025-03 when only the month is.';
COMMENT ON MACRO fmt_end IS 'The end of a period as fmt_date prints it, or ''ongoing as of <as_of>'' when it has not ended.';
COMMENT ON MACRO dataset_as_of IS 'The package''s as_of date: the data says nothing after it.';
COMMENT ON MACRO clip_words IS 'A text cut to at most n characters at a word boundary, with … when it was cut.';
COMMENT ON VIEW records IS 'Every record of every table with its table, a label and its main date (with its precision), so any id can be looked up.';
COMMENT ON COLUMN records.label IS 'A short human label: a name, a title, or the start of a quote';
COMMENT ON COLUMN records.date IS 'The record''s main date (meeting day, signing, start of a period); read with date_precision';
COMMENT ON COLUMN records.row_json IS 'The whole row as JSON';
COMMENT ON VIEW place_ancestry IS 'Every place with each place it lies in, at any depth; depth 0 is the place itself.';
COMMENT ON MACRO TABLE side_of IS 'An actor together with those who act for it: for a state, its government bodies and anyone who held a post in them.';
COMMENT ON VIEW record_support IS 'For each record, its distinct supporting sources and origins (independent corroboration) and its contradicting citations.';
