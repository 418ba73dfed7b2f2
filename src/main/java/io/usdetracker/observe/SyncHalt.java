package io.usdetracker.observe;

import java.util.Optional;
import org.apache.camel.Exchange;

/**
 * Why this process's sync stopped for good, if it did: a configuration the source refuses (invalid key, unknown
 * chain) stops the sync-transfers route, and readiness then says so in the source's own words, rather than only
 * that a route is stopped. The process stays up so that the API keeps serving what is applied.
 */
public class SyncHalt {

    private volatile String reason;

    /**
     * Called by the errors route configuration with the exception that stops the sync; true the first time only,
     * so that a run already in flight does not say it again.
     */
    public synchronized boolean halt(Exchange exchange) {
        if (reason != null) {
            return false;
        }
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        reason = cause == null ? "the source refused the configuration" : cause.getMessage();
        return true;
    }

    public Optional<String> reason() {
        return Optional.ofNullable(reason);
    }
}
