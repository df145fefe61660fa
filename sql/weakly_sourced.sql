-- name: weakly_sourced
-- title: Weakly sourced facts
-- question: Which rows of the core tables rest on a single origin (no independent corroboration)?
-- column: when | the date as precisely as the sources give it: 2025, 2025-03 or 2025-03-18
-- column: record_id | the id of the record behind the row; `drcdata report evidence --record <id>` lists its sources
-- column: supporting_sources | distinct sources whose citations support the record
-- column: supporting_origins | distinct origins (independent reporting) among them
SELECT rs.table_name, rs.id AS record_id, r.label, fmt_date(r.date, r.date_precision) AS "when",
       rs.supporting_sources, rs.supporting_origins,
       (SELECT string_agg(DISTINCT s.origin, ', ' ORDER BY s.origin) FROM citations c JOIN sources s ON s.id = c.source_id
        WHERE c.record_id = rs.id AND c.stance = 'supports') AS origins
FROM record_support rs JOIN records r ON r.id = rs.id
WHERE rs.table_name IN ('actors', 'meetings', 'statements', 'agreements', 'territorial_control')
  AND rs.supporting_origins < 2
ORDER BY rs.table_name, r.date NULLS LAST, rs.id
