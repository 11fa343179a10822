-- How many lines people said in the room since its last digest (all of them before the first one).
SELECT count(*) AS said FROM lines
WHERE room = :room AND author <> 'digest'
  AND id > coalesce((SELECT max(id) FROM lines WHERE room = :room AND author = 'digest'), 0)
