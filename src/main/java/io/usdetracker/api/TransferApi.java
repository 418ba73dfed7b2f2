package io.usdetracker.api;

import io.usdetracker.db.SqlFiles;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.apache.camel.Header;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * {@code GET /api/transfers?address=&limit=&before=}: an address's transfers, newest first. Pages are keyed by
 * position (block, log index), not by offset, so a page costs the same however deep it is and new transfers
 * arriving meanwhile never shift the next page.
 */
public class TransferApi {

    private static final int MAX_LIMIT = 1000;

    private final NamedParameterJdbcTemplate jdbc;
    private final SourceFacts facts;
    private final String query = SqlFiles.load("sql/select_transfers.sql");

    public TransferApi(NamedParameterJdbcTemplate jdbc, SourceFacts facts) {
        this.jdbc = jdbc;
        this.facts = facts;
    }

    public Views.Transfers list(@Header("address") String addressText, @Header("limit") String limitText,
                                @Header("before") String beforeText) {
        if (addressText == null || addressText.isEmpty()) {
            throw ApiException.badParameter("address", "required");
        }
        String address = ApiParams.address("address", addressText);
        int limit = (int) ApiParams.number("limit", limitText, 50, 1, MAX_LIMIT);
        long[] before = beforeText == null || beforeText.isEmpty()
                ? new long[] {Long.MAX_VALUE, Integer.MAX_VALUE} : ApiParams.position("before", beforeText);
        OptionalInt decimals = facts.decimals();
        List<Views.Transfer> transfers = new ArrayList<>(limit);
        jdbc.query(query, Map.of("address", address, "limit", limit, "before_block", before[0], "before_log", before[1]), rs -> {
            String from = rs.getString("from_address");
            String to = rs.getString("to_address");
            BigDecimal amount = rs.getBigDecimal("amount");
            Timestamp time = rs.getTimestamp("block_time");
            transfers.add(new Views.Transfer(rs.getLong("block"), time == null ? null : time.toInstant().toString(),
                    "0x" + rs.getString("tx_hash"), rs.getInt("log_index"), "0x" + from, "0x" + to,
                    Amounts.raw(amount), Amounts.formatted(amount, decimals), direction(address, from, to)));
        });
        String next = null;
        if (transfers.size() == limit) {
            Views.Transfer last = transfers.get(transfers.size() - 1);
            next = last.block() + ":" + last.logIndex();
        }
        return new Views.Transfers("0x" + address, limit, transfers, next);
    }

    private static String direction(String address, String from, String to) {
        if (from.equals(to)) {
            return "self";
        }
        return to.equals(address) ? "in" : "out";
    }
}
