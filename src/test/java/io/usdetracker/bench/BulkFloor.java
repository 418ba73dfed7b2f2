package io.usdetracker.bench;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.sql.Connection;
import java.sql.Statement;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * The database's own speed on the same data: the delta rows a run wrote, loaded with {@code COPY} into a table of
 * the same shape (its key and indexes), then every balance with one {@code GROUP BY}, in one transaction. The time
 * of that load is the floor the tracker's backfill is compared with. The balances it makes must equal the run's.
 */
final class BulkFloor {

    private BulkFloor() {
    }

    /** Seconds of COPY plus GROUP BY, after checking the balances it gives equal those of {@code db}. */
    static double seconds(Connection db) throws Exception {
        CopyManager copy = db.unwrap(PGConnection.class).getCopyAPI();
        ByteArrayOutputStream rows = new ByteArrayOutputStream();
        copy.copyOut("COPY deltas (block_number, tx_hash, log_index, side, address, amount) TO STDOUT", rows);
        try (Statement s = db.createStatement()) {
            s.execute("DROP TABLE IF EXISTS floor_deltas, floor_balances");
            s.execute("CREATE TABLE floor_deltas (LIKE deltas INCLUDING ALL)");
            s.execute("CREATE TABLE floor_balances (LIKE balances INCLUDING ALL)");
        }
        boolean autoCommit = db.getAutoCommit();
        db.setAutoCommit(false);
        long started = System.nanoTime();
        copy.copyIn("COPY floor_deltas (block_number, tx_hash, log_index, side, address, amount) FROM STDIN",
                new ByteArrayInputStream(rows.toByteArray()));
        try (Statement s = db.createStatement()) {
            s.execute("INSERT INTO floor_balances (address, balance) SELECT address, sum(amount) FROM floor_deltas GROUP BY address");
        }
        db.commit();
        double seconds = (System.nanoTime() - started) / 1e9;
        db.setAutoCommit(autoCommit);
        long differing = ExpectedBalances.count(db, "SELECT count(*) FROM (SELECT * FROM floor_balances EXCEPT "
                + "SELECT * FROM balances) d");
        if (differing > 0) {
            throw new IllegalStateException("the bulk load's balances differ from the tracker's for " + differing + " addresses");
        }
        try (Statement s = db.createStatement()) {
            s.execute("DROP TABLE floor_deltas, floor_balances");
        }
        return seconds;
    }
}
