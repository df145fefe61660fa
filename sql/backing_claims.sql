-- name: backing_claims
-- title: Who backs, leads or sanctions whom
-- question: Which relations between actors are claimed (backing, alliances, sanctions, membership), and how many sources support or contradict each?
SELECT s.name AS subject, replace(x.relation, '_', ' ') AS relation, o.name AS object,
       fmt_date(x.start_date, x.start_precision) AS since, fmt_end(x.end_date, x.end_precision) AS until,
       rs.supporting_sources, rs.contradicting_citations, x.description, x.id AS record_id
FROM actor_relations x
JOIN actors s ON s.id = x.subject_id JOIN actors o ON o.id = x.object_id
JOIN record_support rs ON rs.id = x.id
ORDER BY x.relation, subject, object
