package io.usdetracker.bench;

import io.usdetracker.config.DatabaseUrl;
import io.usdetracker.config.SettingsException;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * The PostgreSQL and Redis a run uses: a fresh database per run (TEST_DB_PREFIX in front), whose queues in Redis are
 * its own (named after the database's deployment) and removed after the run.
 */
record BenchDatabase(URI admin, URI redis, String prefix) {

    private static final String UNDEFINED_TABLE = "42P01";
    private static final String INSUFFICIENT_PRIVILEGE = "42501";

    /** Creates database {@code name} empty and returns its DATABASE_URL. */
    String fresh(String name) throws SQLException {
        String database = (prefix + "bench_" + name).toLowerCase().replaceAll("[^a-z0-9_]", "_");
        String url = admin.getScheme() + "://" + admin.getRawUserInfo() + "@" + admin.getHost() + ":"
                + (admin.getPort() < 0 ? 5432 : admin.getPort()) + "/" + database;
        try (Connection c = connect(admin.toString()); Statement s = c.createStatement()) {
            boolean exists;
            try (var rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database + "'")) {
                exists = rs.next();
            }
            if (exists) {
                // the queues of an earlier run on it that was killed before it could remove them: its database's
                // deployment names them, and once the database is made again nothing else would
                forgetQueues(url);
            }
            s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + database);
        } catch (SQLException e) {
            if (INSUFFICIENT_PRIVILEGE.equals(e.getSQLState())) {
                throw new SettingsException("BENCH_DATABASE_URL", "cannot make database " + database + " afresh: " + e.getMessage());
            }
            throw e;
        }
        return url;
    }

    void drop(String databaseUrl) throws SQLException {
        String database = URI.create(databaseUrl).getPath().substring(1);
        try (Connection c = connect(admin.toString()); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    /**
     * Removes what a run left in Redis: its queues are named after its database's deployment (a run stopped part-way,
     * the per-log one, leaves messages there), and nothing else in that Redis database is touched.
     */
    void forgetQueues(String databaseUrl) throws SQLException {
        String deployment;
        try (Connection c = connect(databaseUrl); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT CAST(deployment AS TEXT) FROM sync_state WHERE id = 1")) {
            if (!rs.next()) {
                return;
            }
            deployment = rs.getString(1);
        } catch (SQLException e) {
            if (UNDEFINED_TABLE.equals(e.getSQLState())) {
                return; // its tracker stopped before it made its tables: it made no queue either
            }
            throw e;
        }
        try (Jedis jedis = new Jedis(redis)) {
            // SCAN, not KEYS: the Redis may be one a tracker uses, which KEYS would hold up while it read every key
            ScanParams match = new ScanParams().match("*:" + deployment).count(1000);
            String cursor = ScanParams.SCAN_POINTER_START;
            do {
                ScanResult<String> page = jedis.scan(cursor, match);
                if (!page.getResult().isEmpty()) {
                    jedis.del(page.getResult().toArray(String[]::new));
                }
                cursor = page.getCursor();
            } while (!ScanParams.SCAN_POINTER_START.equals(cursor));
        }
    }

    /**
     * Checks that both answer before anything starts, in one line naming the setting when one does not (the trackers
     * would otherwise wait for them, the Redis one for ever, and the run would end at its time-out).
     */
    void check() {
        String postgres = admin.getHost() + ":" + (admin.getPort() < 0 ? 5432 : admin.getPort());
        try (Connection c = connect(admin.toString()); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT current_user, rolcreatedb OR rolsuper FROM pg_roles WHERE rolname = current_user")) {
            if (rs.next() && !rs.getBoolean(2)) {
                throw new SettingsException("BENCH_DATABASE_URL", "the user " + rs.getString(1) + " may not create databases "
                        + "(the benchmark makes one a run): give it CREATEDB or name another");
            }
        } catch (SQLException e) {
            if (e.getSQLState() != null && e.getSQLState().startsWith("08")) {
                throw new SettingsException("BENCH_DATABASE_URL", "no PostgreSQL answers at " + postgres + " (" + e.getMessage() + ")");
            }
            throw new SettingsException("BENCH_DATABASE_URL", "the PostgreSQL at " + postgres + " refuses the connection: "
                    + e.getMessage());
        }
        String at = redis.getHost() + ":" + redis.getPort();
        int db = redisDatabase();
        try (Jedis jedis = new Jedis(redis.getHost(), redis.getPort(), 5000)) {
            String info = redis.getUserInfo();
            if (info != null) {
                String user = info.substring(0, info.indexOf(':'));
                String password = info.substring(info.indexOf(':') + 1);
                if (user.isEmpty()) {
                    jedis.auth(password);
                } else {
                    jedis.auth(user, password);
                }
            }
            jedis.ping();
            try {
                jedis.select(db);
            } catch (JedisDataException e) {
                throw new SettingsException("BENCH_REDIS_URL", "the Redis at " + at + " refuses database " + db + " ("
                        + e.getMessage() + ")");
            }
        } catch (JedisConnectionException e) {
            throw new SettingsException("BENCH_REDIS_URL", "no Redis answers at " + at + " (" + e.getMessage() + ")");
        } catch (JedisDataException e) {
            throw new SettingsException("BENCH_REDIS_URL", "the Redis at " + at + " refuses the connection: " + e.getMessage());
        }
    }

    private int redisDatabase() {
        String path = redis.getPath();
        return path == null || path.length() < 2 ? 0 : Integer.parseInt(path.substring(1));
    }

    static Connection connect(String databaseUrl) throws SQLException {
        DatabaseUrl url = DatabaseUrl.parse("BENCH_DATABASE_URL", databaseUrl);
        Properties properties = new Properties();
        properties.setProperty("user", url.user());
        properties.setProperty("password", url.password().value());
        properties.setProperty("connectTimeout", "10");
        return DriverManager.getConnection(url.jdbcUrl(), properties);
    }
}
