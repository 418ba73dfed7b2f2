package io.usdetracker.bench;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The per-log run stops part-way through the history, so it cannot be held to balanceOf at a block; it is held to
 * what it promises instead: every balance is the sum of its address's deltas, and no transfer has other than two.
 */
final class PerLogCheck {

    private PerLogCheck() {
    }

    static void check(Connection db) throws SQLException {
        long wrong = ExpectedBalances.count(db, "SELECT count(*) FROM balances b WHERE b.balance <> "
                + "(SELECT COALESCE(sum(d.amount), 0) FROM deltas d WHERE d.address = b.address)");
        long missing = ExpectedBalances.count(db, "SELECT count(DISTINCT d.address) FROM deltas d "
                + "WHERE NOT EXISTS (SELECT 1 FROM balances b WHERE b.address = d.address)");
        long doubled = ExpectedBalances.count(db,
                "SELECT count(*) FROM (SELECT 1 FROM deltas GROUP BY tx_hash, log_index HAVING count(*) <> 2) d");
        if (wrong + missing + doubled > 0) {
            throw new IllegalStateException("per-log is NOT exact: " + wrong + " balances differ from the sum of their deltas, "
                    + missing + " addresses with deltas have no balance, " + doubled + " transfers without exactly two deltas");
        }
        System.out.println("per-log: exact: every balance is the sum of its deltas, two deltas per transfer");
    }
}
