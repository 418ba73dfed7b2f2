package io.usdetracker.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.usdetracker.support.TestServices;
import io.usdetracker.support.TrackerApp;
import io.usdetracker.support.TrackerProcess;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A port another process already listens on stops start-up with one line naming the setting, instead of a tracker
 * that runs on without its API or its health endpoints.
 */
class PortTakenIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void anApiPortInUseStopsStartUpWithOneLine() throws Exception {
        try (ServerSocket taken = listening()) {
            int management = TrackerApp.freePort();
            TrackerProcess.Result run = TrackerProcess.run("api_port_taken", env("api_port_taken",
                    "API_PORT", String.valueOf(taken.getLocalPort()), "MANAGEMENT_PORT", String.valueOf(management)), WAIT);
            assertThat(run.exit()).as(run.output()).isEqualTo(2);
            assertThat(run.output()).contains("usde-tracker: configuration error: API_PORT='" + taken.getLocalPort()
                    + "': another process already listens on this port").doesNotContain("\tat ");
        }
    }

    @Test
    void aManagementPortInUseStopsAWorkerWithOneLine() throws Exception {
        try (ServerSocket taken = listening()) {
            TrackerProcess.Result run = TrackerProcess.run("management_port_taken", env("management_port_taken",
                    "ROLE", "worker", "MANAGEMENT_PORT", String.valueOf(taken.getLocalPort())), WAIT);
            assertThat(run.exit()).as(run.output()).isEqualTo(2);
            assertThat(run.output()).contains("usde-tracker: configuration error: MANAGEMENT_PORT='" + taken.getLocalPort()
                    + "': another process already listens on this port").doesNotContain("\tat ");
        }
    }

    private static ServerSocket listening() throws Exception {
        ServerSocket socket = new ServerSocket();
        socket.bind(new InetSocketAddress(0));
        return socket;
    }

    private static Map<String, String> env(String name, String... settings) {
        Map<String, String> env = new java.util.HashMap<>(Map.of("DATABASE_URL", TestServices.freshDatabase(name),
                "REDIS_URL", TestServices.redisUrl(), "RPC_URL", "http://127.0.0.1:9"));
        for (int i = 0; i < settings.length; i += 2) {
            env.put(settings[i], settings[i + 1]);
        }
        return env;
    }
}
