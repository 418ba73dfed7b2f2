package io.usdetracker.bench;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import redis.clients.jedis.Jedis;

/**
 * The PostgreSQL and Redis a run uses: a fresh database per run (TEST_DB_PREFIX in front), whose queues in Redis are
 * its own (named after the database's deployment) and removed after the run.
 */
record BenchDatabase(URI admin, URI redis, String prefix) {

    /** Creates database {@code name} empty and returns its DATABASE_URL. */
    String fresh(String name) throws SQLException {
        String database = (prefix + "bench_" + name).toLowerCase().replaceAll("[^a-z0-9_]", "_");
        try (Connection c = connect(admin.toString()); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + database);
        }
        return admin.getScheme() + "://" + admin.getRawUserInfo() + "@" + admin.getHost() + ":" + admin.getPort() + "/" + database;
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
        }
        try (Jedis jedis = new Jedis(redis)) {
            for (String key : jedis.keys("*:" + deployment)) {
                jedis.del(key);
            }
        }
    }

    static Connection connect(String databaseUrl) throws SQLException {
        URI uri = URI.create(databaseUrl);
        String[] user = uri.getUserInfo().split(":", 2);
        return DriverManager.getConnection("jdbc:postgresql://" + uri.getHost() + ":" + uri.getPort() + uri.getPath(),
                user[0], user.length > 1 ? user[1] : "");
    }
}
