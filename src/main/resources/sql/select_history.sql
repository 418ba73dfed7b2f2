-- The supply and holder count over time, thinned to about :points rows spread evenly over the history (the
-- newest row always kept).
SELECT last_block, block_time, supply, holders, transfers
  FROM (SELECT h.*, row_number() OVER (ORDER BY bucket DESC) - 1 AS age, count(*) OVER () AS total
          FROM supply_history h) numbered
 WHERE age % GREATEST(1, ceil(total::numeric / :points)::bigint) = 0
 ORDER BY bucket
