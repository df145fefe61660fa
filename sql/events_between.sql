-- name: events_between
-- title: Timeline of a date range
-- question: What happened between two dates (inclusive)?
-- param: date_from DATE = 2025-01-01 | first day of the range
-- param: date_to DATE = 2025-12-31 | last day of the range
SELECT * FROM timeline
WHERE date BETWEEN date_from AND date_to
ORDER BY date, event, record_id
