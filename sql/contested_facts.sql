-- name: contested_facts
-- title: Contested facts
-- question: Where do sources disagree? For each contradicted record and field, the value the dataset keeps and what each contradicting source says instead.
-- column: record_id | the id of the record behind the row; `drcdata report evidence --record <id>` lists its sources
-- column: value_kept | the value the dataset keeps for the field (a date as precisely as known; an end it does not accept: 'ongoing as of <as_of>')
-- column: value_asserted | what the contradicting source says instead
SELECT r.table_name, r.id AS record_id, r.label, coalesce(c.field, '(whole row)') AS field,
       CASE WHEN c.field IS NULL THEN NULL
            -- an end the dataset does not accept reads as the period going on, not as a blank
            WHEN c.field = 'end_date' THEN
              fmt_end(TRY_CAST(json_extract_string(r.row_json, 'end_date') AS DATE),
                      json_extract_string(r.row_json, 'end_precision'))
            -- a date field is kept as precisely as known: date with date_precision, start_date with start_precision
            WHEN c.field = 'date' OR c.field LIKE '%\_date' ESCAPE '\' THEN
              fmt_date(TRY_CAST(json_extract_string(r.row_json, c.field) AS DATE),
                       json_extract_string(r.row_json, CASE WHEN c.field = 'date' THEN 'date_precision'
                                                            ELSE regexp_replace(c.field, '_date$', '_precision') END))
            ELSE json_extract_string(r.row_json, c.field) END AS value_kept,
       c.asserted_value AS value_asserted, s.publisher AS asserted_by, s.published_date, s.url, c.excerpt,
       (SELECT count(*) FROM citations k WHERE k.record_id = r.id AND k.stance = 'supports'
          AND (c.field IS NULL OR k.field IS NULL OR k.field = c.field)) AS supporting_citations
FROM citations c
JOIN records r ON r.id = c.record_id
JOIN sources s ON s.id = c.source_id
WHERE c.stance = 'contradicts'
ORDER BY r.table_name, r.id, field, s.published_date
