package io.usdetracker.config;

import java.net.URI;

/**
 * The port of a setting's URL: {@link URI} takes any number there, and a port no server can have (0, 99999) used to
 * pass the settings and fail later, at first use, with a stack trace (the Redis one after the schema was migrated).
 */
final class ServerPort {

    private ServerPort() {
    }

    /** Refuses a port outside 1 to 65535, naming the setting; a URL without a port passes (its scheme's default). */
    static URI check(String setting, URI uri) {
        int port = uri.getPort();
        if (port != -1 && (port < 1 || port > 65_535)) {
            // the value is not shown: a URL may hold a password, and the port is the whole story
            throw new SettingsException(setting, "port " + port + " is not one from 1 to 65535");
        }
        return uri;
    }
}
