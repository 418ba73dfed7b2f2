package io.usdetracker.config;

import java.util.List;
import java.util.Locale;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.support.PatternHelper;

/**
 * What one JVM runs (ROLE). One jar serves every part of a deployment: a route that is not the role's is never
 * added to the Camel context, so a worker cannot fetch and an api cannot apply, whatever is started from a console.
 * Patterns match a route id or its input URI (Camel's wildcard rules), so the REST DSL's {@code rest:} routes
 * belong to {@code api} whatever their ids.
 */
public enum Role {
    /** Everything on one machine. */
    ALL(List.of("*")),
    /** The single fetcher (the leader lock decides which sync process fetches; the others wait), and the verifier. */
    SYNC(List.of("sync-transfers", "detect-reorg", "advance-cursor", "requeue-chunks", "calc-balance", "verify-balances")),
    /** Applies chunks from the queue and moves the cursor past them; scale these out. */
    WORKER(List.of("parse-transfer", "advance-cursor")),
    /** The REST API, the dashboard and the history its chart reads. */
    API(List.of("rest*", "platform-http:*", "api-*", "dashboard*", "record-history", "calc-balance")),
    /** The Hawtio console (connecting to the other JVMs' Jolokia) beside the management server. */
    CONSOLE(List.of());

    /** Connections kept for the HTTP API beside the workers', so that a burst of requests never starves them. */
    private static final int API_CONNECTIONS = 8;
    /** The readiness check's and the metrics' (blocks behind). */
    private static final int OBSERVE_CONNECTIONS = 2;

    private final List<String> routes;

    Role(List<String> routes) {
        this.routes = routes;
    }

    /**
     * PostgreSQL connections this JVM's pool holds open with {@code workerConcurrency} parse-transfer consumers: what
     * its own routes can use at once, beside the readiness check and the metrics. A pool holds its maximum open, so a
     * role sized for everything would take 14 from a PostgreSQL of 100 per worker, and README's 16 workers would not
     * fit.
     */
    public int databaseConnections(int workerConcurrency) {
        return switch (this) {
            // the workers, the sync's (leader lock session, run, verifier) and the API's, beside health and metrics
            case ALL -> workerConcurrency + 4 + API_CONNECTIONS;
            // the leader lock's session, the run (advance-cursor and requeue-chunks run inside it), verify-balances
            case SYNC -> 3 + OBSERVE_CONNECTIONS;
            // each consumer applies its chunk and then runs advance-cursor in the same thread
            case WORKER -> workerConcurrency + OBSERVE_CONNECTIONS;
            // the requests', and record-history's
            case API -> API_CONNECTIONS + 1 + OBSERVE_CONNECTIONS;
            // start-up (schema, cursor) and the readiness check only
            case CONSOLE -> OBSERVE_CONNECTIONS;
        };
    }

    /** Whether this role serves the REST API (and so opens API_PORT). */
    public boolean servesApi() {
        return this == ALL || this == API;
    }

    /** Whether this role serves Hawtio at /hawtio (in-process in all; reaching CONSOLE_TARGETS in console). */
    public boolean servesConsole() {
        return this == ALL || this == CONSOLE;
    }

    public static Role parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new SettingsException("ROLE", value, "expected one of all, sync, worker, api, console");
        }
    }

    /** Whether this role runs {@code route}: the route filter Camel applies to every route it loads or reloads. */
    public boolean runs(RouteDefinition route) {
        String uri = route.getInput() == null ? null : route.getInput().getEndpointUri();
        return routes.stream().anyMatch(p -> PatternHelper.matchPattern(route.getId(), p) || PatternHelper.matchPattern(uri, p));
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
