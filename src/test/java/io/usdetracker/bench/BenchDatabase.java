package io.usdetracker.bench;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import redis.clients.jedis.Jedis;

/** The PostgreSQL and Redis a run uses: a fresh database per run (TEST_DB_PREFIX in front), a flushed Redis database. */
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
     * Empties the run's Redis database (the queues of an earlier run must not feed this one), after checking that no
     * other client waits on a queue there: a tracker of someone else's would take this run's chunks, and lose its own.
     */
    void flushRedis() {
        try (Jedis jedis = new Jedis(redis)) {
            String db = "db=" + jedis.getDB();
            for (String client : jedis.clientList().split("\n")) {
                if (client.contains(" " + db + " ") && client.contains("cmd=brpop")) {
                    throw new IllegalStateException("another process takes queue messages from " + redis
                            + " (" + client.trim() + "): give the benchmark a Redis database of its own (BENCH_REDIS_URL)");
                }
            }
            jedis.flushDB();
        }
    }

    static Connection connect(String databaseUrl) throws SQLException {
        URI uri = URI.create(databaseUrl);
        String[] user = uri.getUserInfo().split(":", 2);
        return DriverManager.getConnection("jdbc:postgresql://" + uri.getHost() + ":" + uri.getPort() + uri.getPath(),
                user[0], user.length > 1 ? user[1] : "");
    }
}
