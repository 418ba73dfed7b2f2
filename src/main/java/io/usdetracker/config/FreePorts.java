package io.usdetracker.config;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * The ports this JVM is about to listen on, checked before anything starts. Vert.x binds in the background and
 * only logs a failure, so a port another process holds left a tracker that ran on without its API or without its
 * health endpoints (a healthcheck then fails with no reason in the log); now start-up stops with one line naming it.
 */
final class FreePorts {

    private FreePorts() {
    }

    static void check(TrackerSettings settings) {
        if (settings.role().servesApi()) {
            free("API_PORT", new InetSocketAddress(settings.apiPort()));
        }
        if (!settings.role().servesApi() || settings.managementPort() != settings.apiPort()) {
            free("MANAGEMENT_PORT", new InetSocketAddress(settings.managementPort()));
        }
        ConsoleSettings console = settings.console();
        if (console.password().isPresent() && console.jolokiaPort().isPresent()) {
            free("JOLOKIA_PORT", new InetSocketAddress(console.jolokiaHost(), console.jolokiaPort().get()));
        }
    }

    private static void free(String setting, InetSocketAddress address) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(address);
        } catch (IOException e) {
            throw new SettingsException(setting, String.valueOf(address.getPort()),
                    "another process already listens on this port (" + e.getMessage() + ")");
        }
    }
}
