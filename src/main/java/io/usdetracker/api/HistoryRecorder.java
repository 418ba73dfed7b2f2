package io.usdetracker.api;

import io.usdetracker.db.SqlFiles;
import java.time.Duration;
import java.util.Map;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * Keeps supply_history up with the cursor for the dashboard's chart: each call replays the applied blocks not
 * replayed yet, {@code maxBlocks} per statement, until it reaches the cursor or its time budget is spent.
 */
public class HistoryRecorder {

    private final NamedParameterJdbcTemplate jdbc;
    private final Map<String, Object> params;
    private final Duration budget;
    private final String reset = SqlFiles.load("sql/reset_history.sql");
    private final String record = SqlFiles.load("sql/record_history.sql");

    public HistoryRecorder(NamedParameterJdbcTemplate jdbc, int bucketBlocks, int maxBlocks, Duration budget) {
        this.jdbc = jdbc;
        this.params = Map.of("bucket_blocks", bucketBlocks, "max_blocks", maxBlocks);
        this.budget = budget;
    }

    /** Returns the block the history has reached, or -1 when there was nothing to replay. */
    public long catchUp() {
        jdbc.update(reset, Map.of());
        long deadline = System.nanoTime() + budget.toNanos();
        long reached = -1;
        while (System.nanoTime() < deadline) {
            Object block = jdbc.queryForMap(record, params).get("history_block");
            if (block == null) {
                break;
            }
            reached = ((Number) block).longValue();
        }
        return reached;
    }
}
