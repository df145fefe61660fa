-- name: contested_facts
-- title: Contested facts
-- question: Where do sources disagree? For each contradicted record and field, the value the dataset keeps and what each contradicting source says instead.
SELECT r.table_name, r.id AS record_id, r.label, coalesce(c.field, '(whole row)') AS field,
       CASE WHEN c.field IS NULL THEN NULL ELSE json_extract_string(r.row_json, c.field) END AS value_kept,
       c.asserted_value AS value_asserted, s.publisher AS asserted_by, s.published_date, s.url, c.excerpt,
       (SELECT count(*) FROM citations k WHERE k.record_id = r.id AND k.stance = 'supports'
          AND (c.field IS NULL OR k.field IS NULL OR k.field = c.field)) AS supporting_citations
FROM citations c
JOIN records r ON r.id = c.record_id
JOIN sources s ON s.id = c.source_id
WHERE c.stance = 'contradicts'
ORDER BY r.table_name, r.id, field, s.published_date
