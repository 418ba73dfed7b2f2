package io.usdetracker.api;

import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpEngine;

/**
 * The platform-http engine of the REST API and the dashboard, bound to API_PORT's router. Camel's own engine finds
 * its port by looking for the only HTTP server of the context; with MANAGEMENT_PORT apart there are two, and it
 * falls back to 8080, whose router does not exist. Registered as {@code platform-http-engine}.
 */
public class ApiPortEngine extends VertxPlatformHttpEngine {

    private final int port;

    public ApiPortEngine(int port) {
        this.port = port;
    }

    @Override
    public int getServerPort() {
        return port;
    }
}
