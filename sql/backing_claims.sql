-- name: backing_claims
-- title: Who backs, leads or sanctions whom
-- question: Which relations between actors are claimed (backing, alliances, sanctions, membership), and how many sources support or contradict each?
-- Sanctions live in events (one row per announced package); each target/issuer pair is shown here as
-- "sanctioned by", with the target's event_actors row as record_id.
-- column: record_id | the id of the record behind the row; `drcdata report evidence --record <id>` lists its sources
-- column: since | when it began, as precisely as known
-- column: until | when it ended, as precisely as known, or 'ongoing as of <as_of>'
-- column: supporting_sources | distinct sources whose citations support the record
-- column: contradicting_citations | citations whose source says otherwise (see contested_facts)
SELECT s.name AS subject, replace(x.relation, '_', ' ') AS relation, o.name AS object,
       fmt_date(x.start_date, x.start_precision) AS since, fmt_end(x.end_date, x.end_precision) AS until,
       rs.supporting_sources, rs.contradicting_citations, x.description, x.id AS record_id
FROM actor_relations x
JOIN actors s ON s.id = x.subject_id JOIN actors o ON o.id = x.object_id
JOIN record_support rs ON rs.id = x.id
UNION ALL
SELECT s.name, 'sanctioned by', o.name, fmt_date(e.date, e.date_precision), NULL,
       (SELECT count(DISTINCT c.source_id) FROM citations c WHERE c.record_id = t.id AND c.stance = 'supports'),
       (SELECT count(*) FROM citations c WHERE c.record_id = t.id AND c.stance = 'contradicts'),
       e.title, t.id
FROM events e
JOIN event_actors t ON t.event_id = e.id AND t.role = 'target'
JOIN event_actors i ON i.event_id = e.id AND i.role = 'issuer'
JOIN actors s ON s.id = t.actor_id JOIN actors o ON o.id = i.actor_id
WHERE e.kind = 'sanctions_designation'
ORDER BY relation, subject, object
