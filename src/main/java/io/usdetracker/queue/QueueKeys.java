package io.usdetracker.queue;

import java.util.Map;

/**
 * The Redis keys of one deployment's queues: a list's name followed by the deployment of the database the tracker
 * uses ({@code parse_transfer:6f0c...}). Trackers of different databases can share a Redis database without ever
 * taking each other's messages: each chunk id means something only in its own database's ledger.
 */
public record QueueKeys(String deployment) {

    /** The keys of the database whose {@code select_sync_state.sql} row this is. */
    public static QueueKeys of(Map<String, Object> syncState) {
        return new QueueKeys((String) syncState.get("deployment"));
    }

    /** The Redis key of the list called {@code list}. */
    public String key(String list) {
        return list + ":" + deployment;
    }
}
