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

    /** Empties the run's Redis database (the queues of an earlier run must not feed this one). */
    void flushRedis() {
        try (Jedis jedis = new Jedis(redis)) {
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
