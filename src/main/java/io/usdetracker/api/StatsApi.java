package io.usdetracker.api;

import io.usdetracker.db.SqlFiles;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.apache.camel.Header;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/** {@code GET /api/stats} (the figures of the dashboard's header) and {@code GET /api/history} (its chart). */
public class StatsApi {

    private static final int MAX_POINTS = 2000;

    private final NamedParameterJdbcTemplate jdbc;
    private final SourceFacts facts;
    private final String token;
    private final String stats = SqlFiles.load("sql/select_stats.sql");
    private final String history = SqlFiles.load("sql/select_history.sql");

    public StatsApi(NamedParameterJdbcTemplate jdbc, SourceFacts facts, String token) {
        this.jdbc = jdbc;
        this.facts = facts;
        this.token = token;
    }

    public Views.Stats stats() {
        Map<String, Object> row = jdbc.queryForMap(stats, Map.of());
        OptionalInt decimals = facts.decimals();
        OptionalLong head = facts.head();
        long cursor = number(row, "cursor");
        Long tip = row.get("tip") == null ? null : number(row, "tip");
        BigDecimal supply = (BigDecimal) row.get("total_supply");
        Timestamp lastSync = (Timestamp) row.get("last_sync");
        return new Views.Stats(token, decimals.isPresent() ? decimals.getAsInt() : null, number(row, "holders"),
                Amounts.raw(supply), Amounts.formatted(supply, decimals), number(row, "start_block"), cursor,
                head.isPresent() ? head.getAsLong() : null, tip, tip == null ? null : Math.max(0, tip - cursor),
                lastSync == null ? null : lastSync.toInstant().toString(),
                number(row, "transfers"), number(row, "quarantined"));
    }

    public Views.History history(@Header("points") String pointsText) {
        int points = (int) ApiParams.number("points", pointsText, 300, 2, MAX_POINTS);
        OptionalInt decimals = facts.decimals();
        List<Views.HistoryPoint> result = new ArrayList<>();
        jdbc.query(history, Map.of("points", points), rs -> {
            BigDecimal supply = rs.getBigDecimal("supply");
            Timestamp time = rs.getTimestamp("block_time");
            result.add(new Views.HistoryPoint(rs.getLong("last_block"), time == null ? null : time.toInstant().toString(),
                    Amounts.raw(supply), Amounts.formatted(supply, decimals), rs.getLong("holders"), rs.getLong("transfers")));
        });
        return new Views.History(result);
    }

    private static long number(Map<String, Object> row, String column) {
        return ((Number) row.get(column)).longValue();
    }
}
