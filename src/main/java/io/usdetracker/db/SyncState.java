package io.usdetracker.db;

import io.usdetracker.config.SettingsException;
import io.usdetracker.config.TrackerSettings;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * The cursor row: created just before START_BLOCK on a new database; on an existing one, checked against the
 * configured token and chain, so that a changed USDE_ADDRESS or CHAIN_ID never mixes two tokens' or two chains'
 * transfers in one database.
 */
public final class SyncState {

    private static final Logger LOG = LoggerFactory.getLogger(SyncState.class);

    private SyncState() {
    }

    public static Map<String, Object> initialise(NamedParameterJdbcTemplate jdbc, TrackerSettings settings) {
        String token = settings.token().substring(2);
        jdbc.update(SqlFiles.load("sql/init_sync_state.sql"),
                Map.of("start_block", settings.startBlock(), "token", token, "chain_id", settings.chainId()));
        Map<String, Object> state = jdbc.queryForMap(SqlFiles.load("sql/select_sync_state.sql"), Map.of());
        if (!token.equals(state.get("token"))) {
            throw new SettingsException("USDE_ADDRESS", "this database tracks 0x" + state.get("token") + ", not "
                    + settings.token() + "; point DATABASE_URL (or DATA_DIR) at another database to track another token");
        }
        long chainId = ((Number) state.get("chain_id")).longValue();
        if (chainId != settings.chainId()) {
            throw new SettingsException("CHAIN_ID", "this database follows chain " + chainId + ", not chain "
                    + settings.chainId() + "; point DATABASE_URL (or DATA_DIR) at another database to follow another chain");
        }
        long startBlock = ((Number) state.get("start_block")).longValue();
        if (startBlock != settings.startBlock()) {
            LOG.warn("START_BLOCK={} is ignored: this database started at block {} (use reset-cursor to re-sync)",
                    settings.startBlock(), startBlock);
        }
        LOG.info("cursor: every Transfer up to block {} is applied; fetched up to {}", state.get("last_block"), state.get("fetched_block"));
        return state;
    }
}
