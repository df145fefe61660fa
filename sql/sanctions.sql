-- name: sanctions
-- title: Sanctions
-- question: Who has sanctioned whom, on which day, under what legal basis, and has the listing been lifted?
-- column: date | the date as a DATE, for sorting and filtering: the first day of the month or year when only that is known (see date_precision)
-- column: record_id | the id of the record behind the row; `drcdata report evidence --record <id>` lists its sources
-- column: lifted | the first removal of the same listing by the same issuer, if any
-- column: date_precision | how precisely the date is known: day, month or year
-- column: listed | the designation date as precisely as known
SELECT d.date, d.date_precision, fmt_date(d.date, d.date_precision) AS listed, i.name AS issuer, t.name AS target, t.kind AS target_kind,
       d.legal_basis, d.reference,
       (SELECT fmt_date(min(r.date), 'day') FROM events r
          JOIN event_actors rt ON rt.event_id = r.id AND rt.role = 'target' AND rt.actor_id = dt.actor_id
          JOIN event_actors ri ON ri.event_id = r.id AND ri.role = 'issuer' AND ri.actor_id = di.actor_id
         WHERE r.kind = 'sanctions_removal' AND r.date >= d.date) AS lifted,
       d.title AS package, dt.id AS record_id
FROM events d
JOIN event_actors dt ON dt.event_id = d.id AND dt.role = 'target'
JOIN actors t ON t.id = dt.actor_id
LEFT JOIN event_actors di ON di.event_id = d.id AND di.role = 'issuer'
LEFT JOIN actors i ON i.id = di.actor_id
WHERE d.kind = 'sanctions_designation'
ORDER BY d.date, issuer, target
