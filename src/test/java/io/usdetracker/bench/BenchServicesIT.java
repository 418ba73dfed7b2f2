package io.usdetracker.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.usdetracker.config.SettingsException;
import io.usdetracker.support.RedisServer;
import io.usdetracker.support.TestServices;
import java.net.ServerSocket;
import java.net.URI;
import java.sql.Connection;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * bench/run checks its PostgreSQL and Redis before it writes or loads a history: a user who points it at the wrong
 * place is told so in one line at once (an unreachable Redis used to show nothing for the whole run's time-out, then
 * a stack trace from the clean-up).
 */
class BenchServicesIT {

    private static final String PREFIX = System.getenv().getOrDefault("TEST_DB_PREFIX", "t_") + "svc_";

    @Test
    void servicesThatAnswerPass() {
        assertThatCode(() -> services(admin(), redis("/0")).check()).doesNotThrowAnyException();
    }

    @Test
    void aRedisThatDoesNotAnswerIsNamedAtOnce() throws Exception {
        int closed = closedPort();
        assertThatThrownBy(() -> services(admin(), URI.create("redis://127.0.0.1:" + closed + "/0")).check())
                .isInstanceOf(SettingsException.class)
                .hasMessageStartingWith("BENCH_REDIS_URL: no Redis answers at 127.0.0.1:" + closed);
    }

    @Test
    void aRedisDatabaseNumberItDoesNotHaveIsNamed() {
        assertThatThrownBy(() -> services(admin(), redis("/99")).check())
                .isInstanceOf(SettingsException.class)
                .hasMessageStartingWith("BENCH_REDIS_URL: the Redis at ")
                .hasMessageContaining("refuses database 99");
    }

    @Test
    void aPostgreSqlThatDoesNotAnswerOrRefusesTheUserIsNamed() throws Exception {
        URI admin = admin();
        int closed = closedPort();
        assertThatThrownBy(() -> services(URI.create("postgresql://postgres@127.0.0.1:" + closed + "/postgres"), redis("/0")).check())
                .isInstanceOf(SettingsException.class)
                .hasMessageStartingWith("BENCH_DATABASE_URL: no PostgreSQL answers at 127.0.0.1:" + closed);
        assertThatThrownBy(() -> services(URI.create("postgresql://nosuchuser_bench@" + admin.getHost() + ":" + admin.getPort()
                + "/postgres"), redis("/0")).check())
                .isInstanceOf(SettingsException.class)
                .hasMessageStartingWith("BENCH_DATABASE_URL: the PostgreSQL at " + admin.getHost() + ":" + admin.getPort()
                        + " refuses the connection: ")
                .hasMessageContaining("nosuchuser_bench");
    }

    @Test
    void aUserThatMayNotCreateDatabasesIsRefusedAtOnce() throws Exception {
        URI admin = admin();
        String role = PREFIX + "nocreate";
        try (Connection c = BenchDatabase.connect(admin.toString()); Statement s = c.createStatement()) {
            s.execute("DROP ROLE IF EXISTS " + role);
            s.execute("CREATE ROLE " + role + " LOGIN PASSWORD 'pw'");
        }
        try {
            assertThatThrownBy(() -> services(URI.create("postgresql://" + role + ":pw@" + admin.getHost() + ":" + admin.getPort()
                    + "/postgres"), redis("/0")).check())
                    .isInstanceOf(SettingsException.class)
                    .hasMessage("BENCH_DATABASE_URL: the user " + role + " may not create databases (the benchmark makes one a "
                            + "run): give it CREATEDB or name another");
        } finally {
            try (Connection c = BenchDatabase.connect(admin.toString()); Statement s = c.createStatement()) {
                s.execute("DROP ROLE IF EXISTS " + role);
            }
        }
    }

    @Test
    void aRedisUserWithItsPasswordIsAcceptedAndAWrongPasswordRefused() throws Exception {
        try (RedisServer server = RedisServer.start()) {
            URI url = URI.create(server.url());
            try (Jedis jedis = new Jedis(url.getHost(), url.getPort())) {
                jedis.aclSetUser("alice", "on", ">alicepw", "~*", "+@all");
            }
            assertThatCode(() -> services(admin(), URI.create("redis://alice:alicepw@" + url.getHost() + ":" + url.getPort() + "/0"))
                    .check()).doesNotThrowAnyException();
            assertThatThrownBy(() -> services(admin(), URI.create("redis://alice:wrong@" + url.getHost() + ":" + url.getPort() + "/0"))
                    .check()).isInstanceOf(SettingsException.class)
                    .hasMessageStartingWith("BENCH_REDIS_URL: the Redis at " + url.getHost() + ":" + url.getPort()
                            + " refuses the connection: ");
        }
    }

    @Test
    void aRunsDatabaseMadeAgainTakesItsOldQueuesAway() throws Exception {
        // a run ended by SIGKILL removes nothing; its database's deployment names its queues, so the next run, which
        // replaces that database, removes them first: otherwise they would stay in the Redis for good
        BenchDatabase services = services(admin(), redis("/0"));
        String old = services.fresh("again");
        String deployment = UUID.randomUUID().toString();
        try (Connection c = BenchDatabase.connect(old); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE sync_state (id int PRIMARY KEY, deployment uuid)");
            s.execute("INSERT INTO sync_state VALUES (1, '" + deployment + "')");
        }
        try (Jedis jedis = new Jedis(redis("/0"))) {
            jedis.lpush("parse_transfer:" + deployment, "a chunk");
            jedis.lpush("parse_log:" + deployment, "a log");
            jedis.set("someone-elses:" + deployment + "-not", "kept");
            try {
                services.fresh("again");

                assertThat(jedis.exists("parse_transfer:" + deployment)).isFalse();
                assertThat(jedis.exists("parse_log:" + deployment)).isFalse();
                assertThat(jedis.get("someone-elses:" + deployment + "-not")).isEqualTo("kept");
            } finally {
                jedis.del("parse_transfer:" + deployment, "parse_log:" + deployment, "someone-elses:" + deployment + "-not");
                services.drop(old);
            }
        }
    }

    @Test
    void forgettingTheQueuesOfARunWhoseTrackerNeverMadeItsTablesDoesNothing() throws Exception {
        BenchDatabase services = services(admin(), redis("/0"));
        String empty = services.fresh("never_migrated");
        assertThatCode(() -> services.forgetQueues(empty)).doesNotThrowAnyException();
        services.drop(empty);
    }

    private static BenchDatabase services(URI admin, URI redis) {
        return new BenchDatabase(admin, redis, PREFIX);
    }

    private static URI admin() {
        return URI.create(TestServices.adminDatabaseUrl());
    }

    private static URI redis(String db) {
        return URI.create(TestServices.redisUrl() + db);
    }

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
