package io.usdetracker.bench;

import io.usdetracker.e2e.AnvilChain;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the token itself says at the history's last block: every holder's {@code balanceOf}, the total supply, the
 * number of ERC-20 Transfers. Read once from anvil; every benchmark run is then held to it and fails loudly if a
 * single balance differs.
 */
final class ExpectedBalances {

    private static final String ZERO = "0".repeat(40);

    final long block;
    final long transfers;
    final long oddLogs;
    private final Map<String, BigInteger> balances = new HashMap<>();

    private ExpectedBalances(long block, long transfers, long oddLogs) {
        this.block = block;
        this.transfers = transfers;
        this.oddLogs = oddLogs;
    }

    static ExpectedBalances of(AnvilChain chain) {
        long block = chain.history().lastBlock();
        List<AnvilChain.TransferLog> logs = chain.transferLogs(chain.history().deployBlock(), block);
        Set<String> holders = new HashSet<>();
        long transfers = 0;
        for (AnvilChain.TransferLog log : logs) {
            if (log.isErc20()) {
                transfers++;
                holders.add(log.from());
                holders.add(log.to());
            }
        }
        holders.remove(AnvilChain.ZERO_ADDRESS);
        ExpectedBalances expected = new ExpectedBalances(block, transfers, logs.size() - transfers);
        for (String holder : holders) {
            expected.balances.put(holder.substring(2), chain.balanceOf(holder, block));
        }
        expected.balances.put(ZERO, chain.totalSupply(block).negate());
        return expected;
    }

    /** Holds the database to the chain: every balance, the supply, two deltas per transfer, the quarantine. */
    void check(String label, Connection db) throws SQLException {
        Map<String, BigInteger> tracked = new HashMap<>();
        try (Statement s = db.createStatement();
             ResultSet rs = s.executeQuery("SELECT encode(address, 'hex'), balance FROM balances")) {
            while (rs.next()) {
                tracked.put(rs.getString(1), rs.getBigDecimal(2).toBigIntegerExact());
            }
        }
        int mismatches = 0;
        Set<String> addresses = new HashSet<>(tracked.keySet());
        addresses.addAll(balances.keySet());
        for (String address : addresses) {
            BigInteger want = balances.getOrDefault(address, BigInteger.ZERO);
            BigInteger got = tracked.getOrDefault(address, BigInteger.ZERO);
            if (!want.equals(got)) {
                if (mismatches++ < 5) {
                    System.out.printf("%s: MISMATCH 0x%s at block %d: balanceOf %s, tracked %s%n", label, address, block, want, got);
                }
            }
        }
        long deltas = count(db, "SELECT count(*) FROM deltas");
        long doubled = count(db, "SELECT count(*) FROM (SELECT 1 FROM deltas GROUP BY tx_hash, log_index HAVING count(*) <> 2) d");
        long quarantined = count(db, "SELECT count(*) FROM quarantine");
        if (mismatches > 0 || deltas != 2 * transfers || doubled > 0 || quarantined != oddLogs) {
            throw new IllegalStateException(String.format("%s is NOT exact: %d balances differ from balanceOf at block %d, "
                    + "%d deltas for %d transfers, %d transfers without exactly two deltas, %d quarantined for %d odd logs",
                    label, mismatches, block, deltas, transfers, doubled, quarantined, oddLogs));
        }
        System.out.printf("%s: exact: %d balances equal balanceOf at block %d, total supply %s, %d deltas, %d quarantined%n",
                label, balances.size(), block, balances.get(ZERO).negate(), deltas, quarantined);
    }

    static long count(Connection db, String sql) throws SQLException {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
