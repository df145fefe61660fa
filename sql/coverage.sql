-- name: coverage
-- title: Coverage
-- question: How many rows does each table hold, over which dates, as of when, and how many are corroborated by two or more origins?
-- column: pct_two_origins | share of rows corroborated by two or more independent origins, in percent
-- column: rows_with_two_origins | rows corroborated by two or more independent origins
SELECT r.table_name, count(*) AS "rows",
       min(r.date) AS first_date, arg_min(r.date_precision, (r.date, r.date_precision)) AS first_precision,
       max(r.date) AS last_date, arg_max(r.date_precision, (r.date, r.date_precision)) AS last_precision,
       count(*) FILTER (WHERE rs.supporting_origins >= 2) AS rows_with_two_origins,
       round(100.0 * count(*) FILTER (WHERE rs.supporting_origins >= 2) / count(*), 1) AS pct_two_origins,
       dataset_as_of() AS as_of
FROM records r JOIN record_support rs ON rs.id = r.id
GROUP BY r.table_name
UNION ALL
SELECT 'sources', count(*), min(published_date), 'day', max(published_date), 'day', NULL, NULL, dataset_as_of() FROM sources
UNION ALL
SELECT 'citations', count(*), NULL, NULL, NULL, NULL, NULL, NULL, dataset_as_of() FROM citations
ORDER BY table_name
