package io.usdetracker.bench;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.usdetracker.config.SettingsException;
import io.usdetracker.support.TestServices;
import java.net.ServerSocket;
import java.net.URI;
import org.junit.jupiter.api.Test;

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
        URI any = URI.create(TestServices.freshDatabase("svc_admin"));
        return URI.create(any.getScheme() + "://" + any.getRawUserInfo() + "@" + any.getHost() + ":" + any.getPort() + "/postgres");
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
