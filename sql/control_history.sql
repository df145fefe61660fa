-- name: control_history
-- title: How control of a place changed
-- question: Who held a place, period by period, how each period began and ended?
-- param: for_place VARCHAR = goma | place id (see the places table)
-- column: record_id | the id of the record behind the row; `drcdata report evidence --record <id>` lists its sources
-- column: from | when the period began, as precisely as known
-- column: to | when the period ended, as precisely as known, or 'ongoing as of <as_of>'
SELECT p.name AS place, a.name AS controller, t.status,
       fmt_date(t.start_date, t.start_precision) AS "from", t.how_began,
       fmt_end(t.end_date, t.end_precision) AS "to", t.how_ended, t.assessment, t.id AS record_id
FROM territorial_control t
JOIN places p ON p.id = t.place_id
JOIN actors a ON a.id = t.controller_id
WHERE t.place_id = for_place OR p.parent_id = for_place
ORDER BY p.name, t.start_date
