-- name: meetings_between
-- title: Meetings between two actors
-- question: When did two actors (or their states' representatives) meet, where, and who took part?
-- param: actor_a VARCHAR = united-states | first actor id (see the actors table); a state includes its officials
-- param: actor_b VARCHAR = drc | second actor id (empty = anyone: the meetings of actor_a; see the actors table)
-- column: date_precision | how precisely the date is known: day, month or year
-- column: when | the date as precisely as the sources give it: 2025, 2025-03 or 2025-03-18
-- column: date | the date as a DATE, for sorting and filtering: the first day of the month or year when only that is known (see date_precision)
-- column: record_id | the id of the record behind the row; `drcdata report evidence --record <id>` lists its sources
SELECT m.date, m.date_precision, fmt_date(m.date, m.date_precision) AS "when", m.kind, m.title, pl.name AS place,
       string_agg(DISTINCT a.name || ' (' || mp.role || ')', '; ' ORDER BY a.name || ' (' || mp.role || ')') AS participants, m.id AS record_id
FROM meetings m
JOIN meeting_participants mp ON mp.meeting_id = m.id
JOIN actors a ON a.id = mp.actor_id
LEFT JOIN places pl ON pl.id = m.place_id
WHERE m.id IN (SELECT meeting_id FROM meeting_participants WHERE actor_id IN (SELECT actor_id FROM side_of(actor_a)))
  AND (actor_b IS NULL
       OR m.id IN (SELECT meeting_id FROM meeting_participants WHERE actor_id IN (SELECT actor_id FROM side_of(actor_b))))
GROUP BY m.date, m.date_precision, m.kind, m.title, pl.name, m.id
ORDER BY m.date, m.id
