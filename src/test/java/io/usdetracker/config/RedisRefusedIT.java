package io.usdetracker.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.usdetracker.support.TestServices;
import io.usdetracker.support.TrackerProcess;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A REDIS_URL the server refuses (a wrong password, a database index it does not have) stops start-up with one
 * line that names REDIS_URL and the server's reason, exit code 1, no stack trace and no password, instead of a
 * tracker that starts and then retries in the background for ever.
 */
class RedisRefusedIT {

    private static final Duration WAIT = Duration.ofSeconds(90);

    @Test
    void aWrongPasswordIsRefusedAtStartUpWithoutShowingIt() throws Exception {
        URI redis = URI.create(TestServices.redisUrl());
        TrackerProcess.Result run = TrackerProcess.run("redis_wrong_password", env("redis_wrong_password",
                "redis://someone:Sekret-Word-42@" + redis.getHost() + ":" + redis.getPort()), WAIT);
        assertThat(run.exit()).as(run.output()).isEqualTo(1);
        assertThat(run.output()).contains("usde-tracker: cannot use the Redis of REDIS_URL")
                .containsAnyOf("WRONGPASS", "AUTH")
                .doesNotContain("Sekret-Word-42")
                .doesNotContain("\tat ");
    }

    @Test
    void aDatabaseIndexTheServerDoesNotHaveIsRefusedAtStartUp() throws Exception {
        URI redis = URI.create(TestServices.redisUrl());
        TrackerProcess.Result run = TrackerProcess.run("redis_bad_index", env("redis_bad_index",
                "redis://" + redis.getHost() + ":" + redis.getPort() + "/99"), WAIT);
        assertThat(run.exit()).as(run.output()).isEqualTo(1);
        assertThat(run.output()).contains("usde-tracker: cannot use the Redis of REDIS_URL").contains("DB index is out of range")
                .doesNotContain("\tat ");
    }

    private static Map<String, String> env(String name, String redisUrl) {
        return Map.of("DATABASE_URL", TestServices.freshDatabase(name), "REDIS_URL", redisUrl,
                "RPC_URL", "http://127.0.0.1:9", "API_PORT", String.valueOf(io.usdetracker.support.TrackerApp.freePort()));
    }
}
