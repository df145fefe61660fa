-- name: minerals_partnerships
-- title: The DRC's minerals partnerships
-- question: Which minerals agreements has the DRC (or a Congolese body) made, with whom, when, and where do they stand?
-- column: signed_date | the signing date as a DATE, for sorting and filtering (see signed_precision)
-- column: signed_precision | how precisely the signing date is known: day, month or year
-- column: signed | the signing date as precisely as known
-- column: record_id | the id of the record behind the row; `drcdata report evidence --record <id>` lists its sources
SELECT g.signed_date, g.signed_precision, fmt_date(g.signed_date, g.signed_precision) AS signed, g.title, g.kind, g.status,
       string_agg(DISTINCT a.name, '; ' ORDER BY a.name) FILTER (WHERE coalesce(a.country, '') <> 'COD' AND ap.role IN ('party', 'signatory')) AS partners,
       g.id AS record_id
FROM agreements g
JOIN agreement_parties ap ON ap.agreement_id = g.id
JOIN actors a ON a.id = ap.actor_id
WHERE list_contains(string_split(g.topics, ';'), 'minerals')
  AND g.id IN (SELECT agreement_id FROM agreement_parties WHERE actor_id IN (SELECT actor_id FROM side_of('drc')))
GROUP BY ALL
ORDER BY g.signed_date NULLS LAST, g.id
