-- name: evidence
-- title: The evidence for a record
-- question: Which sources support or contradict a record (any table), with the excerpt, field and asserted value?
-- param: record VARCHAR = 2025-03-18-tshisekedi-kagame-doha | id of any record (see the records view)
SELECT r.table_name, r.label, c.stance, coalesce(c.field, '(whole row)') AS field, c.excerpt, c.asserted_value,
       s.publisher, s.origin, s.published_date, s.source_type, s.url, c.id AS citation_id
FROM citations c
JOIN records r ON r.id = c.record_id
JOIN sources s ON s.id = c.source_id
WHERE c.record_id = record
ORDER BY c.stance DESC, s.published_date, c.id
