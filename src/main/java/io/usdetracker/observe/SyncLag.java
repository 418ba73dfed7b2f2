package io.usdetracker.observe;

import io.usdetracker.db.SqlFiles;
import java.util.Map;
import java.util.OptionalLong;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * How far the cursor is behind the tip the sync last read from the source, as the database says: any process
 * (api, worker, console) can tell, without asking the source itself.
 */
public class SyncLag {

    private final NamedParameterJdbcTemplate jdbc;

    public SyncLag(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Blocks between the cursor and the tip; empty while no sync run has read the tip yet. */
    public OptionalLong blocksBehind() {
        Map<String, Object> state = jdbc.queryForMap(SqlFiles.load("sql/select_sync_state.sql"), Map.of());
        Object tip = state.get("tip_block");
        if (tip == null) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Math.max(0, ((Number) tip).longValue() - ((Number) state.get("last_block")).longValue()));
    }
}
