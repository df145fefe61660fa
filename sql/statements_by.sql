-- name: statements_by
-- title: What an actor said
-- question: What did an actor say, when, where and in which language (with the original of a translation)?
-- param: for_actor VARCHAR = felix-tshisekedi | speaker id (see the actors table)
-- column: date_precision | how precisely the date is known: day, month or year
-- column: when | the date as precisely as the sources give it: 2025, 2025-03 or 2025-03-18
-- column: date | the date as a DATE, for sorting and filtering: the first day of the month or year when only that is known (see date_precision)
-- column: record_id | the id of the record behind the row; `drcdata report evidence --record <id>` lists its sources
SELECT s.date, s.date_precision, fmt_date(s.date, s.date_precision) AS "when", a.name AS speaker, s.medium, s.text,
       s.quote_type, s.language, s.text_original, s.topics, m.title AS occasion, s.id AS record_id
FROM statements s
JOIN actors a ON a.id = s.speaker_id
LEFT JOIN meetings m ON m.id = s.meeting_id
WHERE s.speaker_id = for_actor
ORDER BY s.date, s.id
