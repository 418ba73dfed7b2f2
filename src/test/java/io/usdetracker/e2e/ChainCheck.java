package io.usdetracker.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.usdetracker.support.TrackedDatabase;
import java.math.BigInteger;
import java.util.Map;
import java.util.Set;

/** Compares what the tracker holds with what the token itself says, at the tracker's cursor. */
final class ChainCheck {

    private ChainCheck() {
    }

    /** Asserts every balance equals balanceOf at the cursor, the supply, the quarantine and no doubled delta. */
    static void assertExact(String label, TrackedDatabase app, AnvilChain chain, long expectedOddLogs) throws Exception {
        long cursor = app.cursor();
        Map<String, BigInteger> balances = app.balances();
        Set<String> holders = chain.holdersFromLogs(cursor);
        int mismatches = 0;
        for (String holder : holders) {
            BigInteger onChain = chain.balanceOf(holder, cursor);
            BigInteger tracked = balances.getOrDefault(holder.substring(2), BigInteger.ZERO);
            if (!onChain.equals(tracked)) {
                mismatches++;
                System.out.printf("mismatch %s at block %d: balanceOf %s, tracked %s%n", holder, cursor, onChain, tracked);
            }
        }
        BigInteger supply = chain.totalSupply(cursor);
        BigInteger zero = balances.getOrDefault("0".repeat(40), BigInteger.ZERO);
        long transfers = chain.transferLogs(chain.history().deployBlock(), cursor).stream().filter(AnvilChain.TransferLog::isErc20).count();
        long deltas = app.queryLong("SELECT count(*) FROM deltas");
        long doubled = app.queryLong("SELECT count(*) FROM (SELECT 1 FROM deltas GROUP BY tx_hash, log_index HAVING count(*) <> 2) d");
        long quarantined = app.queryLong("SELECT count(*) FROM quarantine");
        System.out.printf("%s: block %d, %d transfers, %d holders, total supply %s, %d quarantined, %d mismatches%n",
                label, cursor, transfers, holders.size(), supply, quarantined, mismatches);
        assertThat(mismatches).as("holders whose balance differs from balanceOf").isZero();
        assertThat(zero.negate()).as("minus the zero address's balance is the total supply").isEqualTo(supply);
        assertThat(deltas).as("two deltas per transfer").isEqualTo(2 * transfers);
        assertThat(doubled).isZero();
        assertThat(quarantined).as("the odd 4-topic logs, and only they").isEqualTo(expectedOddLogs);
        assertThat(app.queryLong("SELECT count(*) FROM quarantine WHERE reason NOT LIKE '%4 topics%'")).isZero();
    }
}
