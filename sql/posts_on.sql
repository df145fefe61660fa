-- name: posts_on
-- title: Who held which post on a date
-- question: On a given day, who held each post recorded in the dataset?
-- param: on_date DATE = 2025-03-16 | the day to look at
-- column: record_id | the id of the record behind the row; `drcdata report evidence --record <id>` lists its sources
-- column: since | when it began, as precisely as known
-- column: until | when it ended, as precisely as known, or 'ongoing as of <as_of>'
SELECT o.name AS organization, r.title, a.name AS holder,
       coalesce(fmt_date(r.start_date, r.start_precision), 'unknown') AS since,
       fmt_end(r.end_date, r.end_precision) AS until, r.id AS record_id
FROM roles r
JOIN actors a ON a.id = r.actor_id
LEFT JOIN actors o ON o.id = r.organization_id
WHERE (r.start_date IS NULL OR r.start_date <= on_date) AND (r.end_date IS NULL OR r.end_date >= on_date)
ORDER BY organization NULLS LAST, r.title, holder
