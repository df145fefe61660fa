-- name: control_as_of
-- title: Who controlled which place on a date
-- question: On a given day, who held each place, since when, how it began, and on whose word?
-- param: on_date DATE = 2025-03-01 | the day to look at
-- param: within_place VARCHAR = NULL | place id of a country, province or territory, to see only the places in it at any depth (empty = everywhere; see the places table)
-- column: record_id | the id of the record behind the row; `drcdata report evidence --record <id>` lists its sources
-- column: since | when it began, as precisely as known
-- column: until | when it ended, as precisely as known, or 'ongoing as of <as_of>'
SELECT p.name AS place, p.kind AS place_kind, pp.name AS within, a.name AS controller,
       t.status, fmt_date(t.start_date, t.start_precision) AS since,
       fmt_end(t.end_date, t.end_precision) AS until, t.how_began, t.assessment, t.id AS record_id
FROM territorial_control t
JOIN places p ON p.id = t.place_id
LEFT JOIN places pp ON pp.id = p.parent_id
JOIN actors a ON a.id = t.controller_id
WHERE t.start_date <= on_date AND (t.end_date IS NULL OR t.end_date >= on_date)
  AND (within_place IS NULL OR t.place_id IN (SELECT place_id FROM place_ancestry WHERE ancestor_id = within_place))
ORDER BY within, place, t.start_date
