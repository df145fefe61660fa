-- name: actor_network
-- title: The actor network
-- question: Which pairs of actors met or signed agreements together, how often, and when first and last?
WITH ties AS (
  SELECT a.actor_id AS actor_a, b.actor_id AS actor_b, 'meeting' AS tie, m.date
  FROM meeting_participants a JOIN meeting_participants b ON a.meeting_id = b.meeting_id AND a.actor_id < b.actor_id
  JOIN meetings m ON m.id = a.meeting_id
  UNION ALL
  SELECT a.actor_id, b.actor_id, 'agreement', g.signed_date
  FROM agreement_parties a JOIN agreement_parties b ON a.agreement_id = b.agreement_id AND a.actor_id < b.actor_id
  JOIN agreements g ON g.id = a.agreement_id
)
SELECT x.name AS actor_a, y.name AS actor_b,
       count(*) FILTER (WHERE tie = 'meeting') AS meetings,
       count(*) FILTER (WHERE tie = 'agreement') AS agreements,
       min(date) AS first_date, max(date) AS last_date, t.actor_a AS actor_a_id, t.actor_b AS actor_b_id
FROM ties t JOIN actors x ON x.id = t.actor_a JOIN actors y ON y.id = t.actor_b
GROUP BY ALL
ORDER BY meetings + agreements DESC, actor_a, actor_b
