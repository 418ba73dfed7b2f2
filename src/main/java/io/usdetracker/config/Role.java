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
    SYNC(List.of("sync-transfers", "detect-reorg", "advance-cursor", "requeue-chunks", "enqueue-chunk", "calc-balance",
            "verify-balances")),
    /** Applies chunks from the queue and moves the cursor past them; scale these out. */
    WORKER(List.of("parse-transfer", "advance-cursor")),
    /** The REST API, the dashboard and the history its chart reads. */
    API(List.of("rest*", "platform-http:*", "api-*", "dashboard*", "record-history", "calc-balance")),
    /** The Hawtio console (connecting to the other JVMs' Jolokia) beside the management server. */
    CONSOLE(List.of());

    private final List<String> routes;

    Role(List<String> routes) {
        this.routes = routes;
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
