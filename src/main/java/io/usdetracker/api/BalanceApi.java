package io.usdetracker.api;

import io.usdetracker.db.SqlFiles;
import java.math.BigDecimal;
import java.util.Map;
import org.apache.camel.Header;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/** {@code GET /api/balances/{address}[?block=N]}: a balance at the cursor, or at an earlier block. */
public class BalanceApi {

    private final NamedParameterJdbcTemplate jdbc;
    private final SourceFacts facts;
    private final String atCursor = SqlFiles.load("sql/select_balance.sql");
    private final String atBlock = SqlFiles.load("sql/select_balance_at.sql");

    public BalanceApi(NamedParameterJdbcTemplate jdbc, SourceFacts facts) {
        this.jdbc = jdbc;
        this.facts = facts;
    }

    public Views.Balance balance(@Header("address") String addressText, @Header("block") String blockText) {
        String address = ApiParams.address("address", addressText);
        if (blockText == null || blockText.isEmpty()) {
            Map<String, Object> row = jdbc.queryForMap(atCursor, Map.of("address", address));
            return view(address, (BigDecimal) row.get("balance"), ((Number) row.get("block")).longValue());
        }
        long block = ApiParams.number("block", blockText, 0, 0, Long.MAX_VALUE / 2);
        Map<String, Object> row = jdbc.queryForMap(atBlock, Map.of("address", address, "block", block));
        long cursor = ((Number) row.get("cursor")).longValue();
        if (row.get("balance") == null) {
            throw new ApiException(409, "block: " + block + " is past the cursor (block " + cursor
                    + "), the last block whose transfers are all applied", Map.of("cursor", cursor));
        }
        return view(address, (BigDecimal) row.get("balance"), block);
    }

    private Views.Balance view(String address, BigDecimal balance, long block) {
        return new Views.Balance("0x" + address, Amounts.raw(balance), Amounts.formatted(balance, facts.decimals()), block);
    }
}
