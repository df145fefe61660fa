-- name: events_of_kind
-- title: Decisions and incidents of one kind
-- question: Every event of a kind (every UN resolution, every sanctions package, every attack), with who took part and the reference it carries.
-- param: of_kind VARCHAR = un_resolution | kind of event (see events.kind)
-- column: date_precision | how precisely the date is known: day, month or year
-- column: when | the date as precisely as the sources give it: 2025, 2025-03 or 2025-03-18
-- column: date | the date as a DATE, for sorting and filtering: the first day of the month or year when only that is known (see date_precision)
-- column: record_id | the id of the record behind the row; `drcdata report evidence --record <id>` lists its sources
-- column: until | when it ended, as precisely as known, or 'ongoing as of <as_of>'
SELECT e.date, e.date_precision, fmt_date(e.date, e.date_precision) AS "when", e.title, e.reference, e.legal_basis,
       fmt_date(e.until_date, e.until_precision) AS "until", pl.name AS place,
       (SELECT string_agg(a.name || ' (' || ea.role || ')', '; ' ORDER BY ea.role, a.name)
          FROM event_actors ea JOIN actors a ON a.id = ea.actor_id WHERE ea.event_id = e.id) AS actors,
       e.id AS record_id
FROM events e
LEFT JOIN places pl ON pl.id = e.place_id
WHERE e.kind = of_kind
ORDER BY e.date, e.id
