-- name: meetings_of
-- title: Meetings of an actor
-- question: Which meetings did an actor (or, for a state, anyone acting for it) take part in, with whom?
-- param: for_actor VARCHAR = felix-tshisekedi | actor id (see the actors table)
SELECT m.date, fmt_date(m.date, m.date_precision) AS "when", m.kind, m.title, pl.name AS place,
       string_agg(DISTINCT a.name || ' (' || mp.role || ')', '; ') AS participants, m.id AS record_id
FROM meetings m
JOIN meeting_participants mp ON mp.meeting_id = m.id
JOIN actors a ON a.id = mp.actor_id
LEFT JOIN places pl ON pl.id = m.place_id
WHERE m.id IN (SELECT meeting_id FROM meeting_participants WHERE actor_id IN (SELECT actor_id FROM side_of(for_actor)))
GROUP BY m.date, m.date_precision, m.kind, m.title, pl.name, m.id
ORDER BY m.date, m.id
