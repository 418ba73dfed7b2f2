package io.usdetracker.verify;

import io.usdetracker.source.LogSource;
import io.usdetracker.transfer.Hex;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Compares tracked balances with the token's own answers through the source, at the block the rows were read
 * for: {@code balanceOf(address)} for a holder, {@code totalSupply()} for the zero address (whose balance is minus
 * the supply). A source that cannot answer for that block (pruned state, an error) throws
 * {@link io.usdetracker.source.SourceUnavailableException}: that is no mismatch.
 */
public final class ChainBalances {

    private static final String BALANCE_OF = "0x70a08231000000000000000000000000";
    private static final String TOTAL_SUPPLY = "0x18160ddd";

    private final LogSource source;
    private final String token;

    public ChainBalances(LogSource source, String token) {
        this.source = source;
        this.token = token;
    }

    /** Rows with {@code address} (40 hex digits), {@code block} and {@code tracked}, as the verify queries give them. */
    public List<BalanceCheck> check(List<Map<String, Object>> rows) {
        List<BalanceCheck> checks = new ArrayList<>(rows.size());
        for (Map<String, Object> row : rows) {
            String address = (String) row.get("address");
            long block = ((Number) row.get("block")).longValue();
            BigInteger tracked = new java.math.BigDecimal(row.get("tracked").toString()).toBigIntegerExact();
            checks.add(new BalanceCheck(address, block, tracked, onChain(address, block)));
        }
        return checks;
    }

    private BigInteger onChain(String address, long block) {
        if (address.equals(BalanceCheck.ZERO)) {
            return uint256(source.ethCallAt(token, TOTAL_SUPPLY, block)).negate();
        }
        return uint256(source.ethCallAt(token, BALANCE_OF + address, block));
    }

    private static BigInteger uint256(String answer) {
        if (answer == null || !answer.startsWith("0x") || answer.length() != 66) {
            throw new io.usdetracker.source.SourceUnavailableException("the token answered " + answer + " instead of one uint256");
        }
        return Hex.quantity(answer);
    }
}
