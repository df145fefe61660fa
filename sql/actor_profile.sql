-- name: actor_profile
-- title: An actor's profile
-- question: Everything the dataset holds on one actor: posts, relations, meetings, statements, agreements, events (decisions and incidents) and figures.
-- param: for_actor VARCHAR = felix-tshisekedi | actor id (see the actors table)
-- column: date_precision | how precisely the date is known: day, month or year
-- column: when | the date as precisely as the sources give it: 2025, 2025-03 or 2025-03-18
-- column: date | the date as a DATE, for sorting and filtering: the first day of the month or year when only that is known (see date_precision)
-- column: record_id | the id of the record behind the row; `drcdata report evidence --record <id>` lists its sources
SELECT section, date, date_precision, "when", detail, record_id FROM (
  SELECT 1 AS ord, 'actor' AS section, NULL::DATE AS date, NULL AS date_precision, NULL AS "when",
         a.name || ' (' || a.kind || coalesce(', ' || a.country, '') || ')' || coalesce(': ' || a.description, '') AS detail, a.id AS record_id
  FROM actors a WHERE a.id = for_actor
  UNION ALL
  SELECT 2, 'post', r.start_date, r.start_precision, coalesce(fmt_date(r.start_date, r.start_precision), '?') || ' to ' || fmt_end(r.end_date, r.end_precision),
         r.title || coalesce(' (' || o.name || ')', ''), r.id
  FROM roles r LEFT JOIN actors o ON o.id = r.organization_id WHERE r.actor_id = for_actor
  UNION ALL
  SELECT 3, 'relation', x.start_date, x.start_precision, fmt_date(x.start_date, x.start_precision),
         s.name || ' ' || replace(x.relation, '_', ' ') || ' ' || o.name, x.id
  FROM actor_relations x JOIN actors s ON s.id = x.subject_id JOIN actors o ON o.id = x.object_id
  WHERE for_actor IN (x.subject_id, x.object_id)
  UNION ALL
  SELECT 4, 'meeting', m.date, m.date_precision, fmt_date(m.date, m.date_precision), m.title || ' (' || mp.role || ')', m.id
  FROM meetings m JOIN meeting_participants mp ON mp.meeting_id = m.id WHERE mp.actor_id = for_actor
  UNION ALL
  SELECT 5, 'statement', s.date, s.date_precision, fmt_date(s.date, s.date_precision), s.text, s.id
  FROM statements s WHERE s.speaker_id = for_actor
  UNION ALL
  SELECT 6, 'agreement', g.signed_date, g.signed_precision, fmt_date(g.signed_date, g.signed_precision), g.title || ' (' || ap.role || ')', g.id
  FROM agreements g JOIN agreement_parties ap ON ap.agreement_id = g.id
  WHERE for_actor IN (ap.actor_id, ap.signatory_id)
  UNION ALL
  SELECT 7, 'event', e.date, e.date_precision, fmt_date(e.date, e.date_precision), e.title || ' (' || ea.role || ')', e.id
  FROM events e JOIN event_actors ea ON ea.event_id = e.id WHERE ea.actor_id = for_actor
  UNION ALL
  SELECT 8, 'figure', f.date, f.date_precision, fmt_date(f.date, f.date_precision), f.subject || ': ' || f.value || ' ' || f.unit, f.id
  FROM figures f WHERE f.actor_id = for_actor
)
ORDER BY ord, date NULLS FIRST, record_id
