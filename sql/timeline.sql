-- name: timeline
-- title: Timeline of everything
-- question: What happened, in date order: meetings, statements, agreements signed, decisions and incidents (events), changes of control and posts taken up?
-- column: date_precision | how precisely the date is known: day, month or year
-- column: when | the date as precisely as the sources give it: 2025, 2025-03 or 2025-03-18
-- column: date | the date as a DATE, for sorting and filtering: the first day of the month or year when only that is known (see date_precision)
-- column: record_id | the id of the record behind the row; `drcdata report evidence --record <id>` lists its sources
SELECT date, date_precision, fmt_date(date, date_precision) AS "when", event, title, record_id
FROM (
  SELECT m.date, m.date_precision, 'meeting' AS event, m.title, m.id AS record_id FROM meetings m
  UNION ALL
  SELECT s.date, s.date_precision, 'statement', a.name || ': ' || clip_words(s.text, 100), s.id
  FROM statements s JOIN actors a ON a.id = s.speaker_id
  UNION ALL
  SELECT g.signed_date, g.signed_precision, 'agreement signed', g.title, g.id FROM agreements g WHERE g.signed_date IS NOT NULL
  UNION ALL
  SELECT e.date, e.date_precision, replace(e.kind, '_', ' '), e.title || coalesce(' (' || e.reference || ')', ''), e.id FROM events e
  UNION ALL
  SELECT t.start_date, t.start_precision, 'control begins', c.name || ' takes ' || p.name || ' (' || t.how_began || ')', t.id
  FROM territorial_control t JOIN actors c ON c.id = t.controller_id JOIN places p ON p.id = t.place_id
  UNION ALL
  SELECT t.end_date, t.end_precision, 'control ends', c.name || ' loses ' || p.name || coalesce(' (' || t.how_ended || ')', ''), t.id
  FROM territorial_control t JOIN actors c ON c.id = t.controller_id JOIN places p ON p.id = t.place_id
  WHERE t.end_date IS NOT NULL
  UNION ALL
  SELECT r.start_date, r.start_precision, 'takes post', a.name || ' becomes ' || r.title, r.id
  FROM roles r JOIN actors a ON a.id = r.actor_id WHERE r.start_date >= DATE '2025-01-01'
)
ORDER BY date, event, record_id
