-- name: search_statements
-- title: Search the quotes
-- question: Which statements contain a phrase (case-insensitive, in the text or its original), optionally on one topic?
-- param: search_text VARCHAR = United States | words to look for, taken literally (% and _ included)
-- param: wildcards BOOLEAN = false | read % in search_text as any text and _ as any one character, as SQL LIKE does
-- param: on_topic VARCHAR = NULL | a topic such as minerals or security (empty = any; see statements.topics)
-- column: date_precision | how precisely the date is known: day, month or year
-- column: when | the date as precisely as the sources give it: 2025, 2025-03 or 2025-03-18
-- column: date | the date as a DATE, for sorting and filtering: the first day of the month or year when only that is known (see date_precision)
-- column: record_id | the id of the record behind the row; `drcdata report evidence --record <id>` lists its sources
SELECT s.date, s.date_precision, fmt_date(s.date, s.date_precision) AS "when", a.name AS speaker, s.text, s.quote_type,
       s.text_original, s.topics, s.id AS record_id
FROM statements s JOIN actors a ON a.id = s.speaker_id
WHERE (CASE WHEN wildcards THEN s.text ILIKE '%' || search_text || '%' OR s.text_original ILIKE '%' || search_text || '%'
             ELSE contains(lower(s.text), lower(search_text)) OR contains(lower(s.text_original), lower(search_text)) END)
  AND (on_topic IS NULL OR list_contains(string_split(s.topics, ';'), on_topic))
ORDER BY s.date, s.id
