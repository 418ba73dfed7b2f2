package io.usdetracker.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;
import redis.embedded.RedisServer;

/**
 * The real PostgreSQL and Redis the tests talk to, found in this order: TEST_DATABASE_URL / TEST_REDIS_URL (what
 * .ci/run sets, pointing at the machine's services), then Testcontainers when a Docker engine answers, then the
 * embedded ones. Each test gets a database of its own, created empty, named after the test with TEST_DB_PREFIX
 * (default {@code t_}) in front, so that two checkouts can run their tests on one server at once.
 */
public final class TestServices {

    private static String postgresBase;
    private static String redisUrl;

    private TestServices() {
    }

    /** A new, empty database; returns its DATABASE_URL (postgresql://user@host:port/name). */
    public static synchronized String freshDatabase(String name) {
        String base = postgresBase();
        String prefix = System.getenv().getOrDefault("TEST_DB_PREFIX", "t_");
        String database = (prefix + name).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        database = database.substring(0, Math.min(database.length(), 63));
        URI uri = URI.create(base);
        String admin = "jdbc:postgresql://" + uri.getHost() + ":" + uri.getPort() + "/postgres";
        String[] user = uri.getUserInfo().split(":", 2);
        try (Connection c = DriverManager.getConnection(admin, user[0], user.length > 1 ? user[1] : "");
             Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + database);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + database + " at " + admin, e);
        }
        return "postgresql://" + uri.getUserInfo() + "@" + uri.getHost() + ":" + uri.getPort() + "/" + database;
    }

    /** The test server's {@code postgres} database (postgresql://user@host:port/postgres), for tools that make their own. */
    public static synchronized String adminDatabaseUrl() {
        URI uri = URI.create(postgresBase());
        return "postgresql://" + uri.getRawUserInfo() + "@" + uri.getHost() + ":" + uri.getPort() + "/postgres";
    }

    /** JDBC form of a DATABASE_URL, for the tests' own queries. */
    public static Connection connect(String databaseUrl) throws SQLException {
        URI uri = URI.create(databaseUrl);
        String[] user = uri.getUserInfo().split(":", 2);
        return DriverManager.getConnection("jdbc:postgresql://" + uri.getHost() + ":" + uri.getPort() + uri.getPath(),
                user[0], user.length > 1 ? user[1] : "");
    }

    public static synchronized String redisUrl() {
        if (redisUrl == null) {
            String configured = System.getenv("TEST_REDIS_URL");
            if (configured != null && !configured.isBlank()) {
                redisUrl = configured;
            } else if (dockerAvailable()) {
                GenericContainer<?> redis = new GenericContainer<>("redis:7").withExposedPorts(6379);
                redis.start();
                redisUrl = "redis://" + redis.getHost() + ":" + redis.getMappedPort(6379);
            } else {
                try {
                    RedisServer server = RedisServer.newRedisServer().port(26379).bind("127.0.0.1").build();
                    server.start();
                    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                        try {
                            server.stop();
                        } catch (Exception ignored) {
                            // the JVM is going away
                        }
                    }));
                    redisUrl = "redis://127.0.0.1:26379";
                } catch (Exception e) {
                    throw new IllegalStateException("no Redis for the tests: set TEST_REDIS_URL", e);
                }
            }
        }
        return redisUrl;
    }

    private static String postgresBase() {
        if (postgresBase == null) {
            String configured = System.getenv("TEST_DATABASE_URL");
            if (configured != null && !configured.isBlank()) {
                postgresBase = configured;
            } else if (dockerAvailable()) {
                PostgreSQLContainer pg = new PostgreSQLContainer("postgres:17");
                pg.start();
                postgresBase = "postgresql://" + pg.getUsername() + ":" + pg.getPassword() + "@" + pg.getHost() + ":"
                        + pg.getMappedPort(5432) + "/" + pg.getDatabaseName();
            } else {
                try {
                    EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
                    postgresBase = "postgresql://postgres@127.0.0.1:" + pg.getPort() + "/postgres";
                } catch (Exception e) {
                    throw new IllegalStateException("no PostgreSQL for the tests: set TEST_DATABASE_URL "
                            + "(the embedded one cannot run as root)", e);
                }
            }
        }
        return postgresBase;
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }
}
