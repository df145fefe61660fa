-- name: decisions_targeting
-- title: Decisions and incidents concerning an actor
-- question: Which resolutions, sanctions, rulings, measures and incidents targeted or concerned an actor (or those who act for it), who issued each, on what basis and until when?
-- param: for_actor VARCHAR = m23 | actor id (see the actors table); a state includes its bodies and office-holders
-- column: date_precision | how precisely the date is known: day, month or year
-- column: when | the date as precisely as the sources give it: 2025, 2025-03 or 2025-03-18
-- column: date | the date as a DATE, for sorting and filtering: the first day of the month or year when only that is known (see date_precision)
-- column: record_id | the id of the record behind the row; `drcdata report evidence --record <id>` lists its sources
-- column: until | when it ended, as precisely as known, or 'ongoing as of <as_of>'
-- column: as | the actor's role in the event (target, subject, defendant, victim)
SELECT e.date, e.date_precision, fmt_date(e.date, e.date_precision) AS "when", e.kind, e.title,
       t.name AS concerning, ea.role AS "as",
       (SELECT string_agg(i.name, '; ' ORDER BY i.name) FROM event_actors ei JOIN actors i ON i.id = ei.actor_id
         WHERE ei.event_id = e.id AND ei.role = 'issuer') AS issued_by,
       e.reference, e.legal_basis, fmt_date(e.until_date, e.until_precision) AS "until", e.id AS record_id
FROM events e
JOIN event_actors ea ON ea.event_id = e.id
JOIN actors t ON t.id = ea.actor_id
WHERE ea.role IN ('target', 'subject', 'defendant', 'victim')
  AND ea.actor_id IN (SELECT actor_id FROM side_of(for_actor))
ORDER BY e.date, e.id, t.name
