package io.usdetracker.support;

import java.math.BigInteger;
import java.sql.SQLException;
import java.util.Map;

/** What a check reads of a tracker's database, whether the tracker runs in the test JVM or in one of its own. */
public interface TrackedDatabase {

    long cursor() throws SQLException;

    long queryLong(String sql) throws SQLException;

    /** Every balance row, address as 40 hex digits. */
    Map<String, BigInteger> balances() throws SQLException;

    /** A database reached by its DATABASE_URL. */
    static TrackedDatabase at(String databaseUrl) {
        return new TrackedDatabase() {
            @Override
            public long cursor() throws SQLException {
                return queryLong("SELECT last_block FROM sync_state WHERE id = 1");
            }

            @Override
            public long queryLong(String sql) throws SQLException {
                try (var c = TestServices.connect(databaseUrl); var s = c.prepareStatement(sql); var rs = s.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }

            @Override
            public Map<String, BigInteger> balances() throws SQLException {
                Map<String, BigInteger> result = new java.util.HashMap<>();
                try (var c = TestServices.connect(databaseUrl);
                     var s = c.prepareStatement("SELECT encode(address, 'hex'), balance FROM balances");
                     var rs = s.executeQuery()) {
                    while (rs.next()) {
                        result.put(rs.getString(1), rs.getBigDecimal(2).toBigIntegerExact());
                    }
                }
                return result;
            }
        };
    }
}
