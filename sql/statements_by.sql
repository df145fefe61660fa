-- name: statements_by
-- title: What an actor said
-- question: What did an actor say, when, where and in which language (with the original of a translation)?
-- param: for_actor VARCHAR = felix-tshisekedi | speaker id (see the actors table)
SELECT s.date, fmt_date(s.date, s.date_precision) AS "when", a.name AS speaker, s.medium, s.text,
       s.quote_type, s.language, s.text_original, s.topics, m.title AS occasion, s.id AS record_id
FROM statements s
JOIN actors a ON a.id = s.speaker_id
LEFT JOIN meetings m ON m.id = s.meeting_id
WHERE s.speaker_id = for_actor
ORDER BY s.date, s.id
