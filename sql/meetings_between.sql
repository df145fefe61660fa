-- name: meetings_between
-- title: Meetings between two actors
-- question: When did two actors (or their states' representatives) meet, where, and who took part?
-- param: actor_a VARCHAR = united-states | first actor id (see the actors table); a state includes its officials
-- param: actor_b VARCHAR = drc | second actor id (empty = anyone: the meetings of actor_a; see the actors table)
SELECT m.date, fmt_date(m.date, m.date_precision) AS "when", m.kind, m.title, pl.name AS place,
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
