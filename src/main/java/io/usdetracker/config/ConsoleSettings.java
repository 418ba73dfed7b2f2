package io.usdetracker.config;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Who may use the Hawtio console and the Jolokia endpoints, and where they listen.
 *
 * @param user            HAWTIO_USER: the one account of the console and of every Jolokia endpoint
 * @param password        HAWTIO_PASSWORD: its password; absent means no console and no Jolokia endpoint at all
 * @param jolokiaHost     JOLOKIA_HOST: the address this JVM's Jolokia endpoint binds (127.0.0.1 unless opened on purpose)
 * @param jolokiaPort     JOLOKIA_PORT: the port of that endpoint; absent means none (ROLE=all needs none: its
 *                        console reads this JVM directly)
 * @param targets         CONSOLE_TARGETS: {@code name=http://host:port/jolokia,...}, the other JVMs the console
 *                        offers as connections
 */
public record ConsoleSettings(String user, Optional<Secret> password, String jolokiaHost, Optional<Integer> jolokiaPort,
                              Map<String, URI> targets) {

    /** Parses CONSOLE_TARGETS: comma-separated {@code name=url} pairs, each URL an http(s) Jolokia endpoint. */
    static Map<String, URI> targets(String value) {
        Map<String, URI> targets = new LinkedHashMap<>();
        for (String entry : value.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int equals = entry.indexOf('=');
            if (equals <= 0) {
                throw new SettingsException("CONSOLE_TARGETS", value, "expected name=http://host:port/jolokia, comma-separated");
            }
            String name = entry.substring(0, equals).trim();
            URI url;
            try {
                url = URI.create(entry.substring(equals + 1).trim());
            } catch (IllegalArgumentException e) {
                throw new SettingsException("CONSOLE_TARGETS", value, "the URL of " + name + " is not a URL");
            }
            if (url.getScheme() == null || !url.getScheme().matches("https?") || url.getHost() == null || url.getUserInfo() != null) {
                throw new SettingsException("CONSOLE_TARGETS", value,
                        "the URL of " + name + " must be http(s)://host:port/path, without credentials (the console uses HAWTIO_USER's)");
            }
            targets.put(name, ServerPort.check("CONSOLE_TARGETS", url));
        }
        return java.util.Collections.unmodifiableMap(targets);
    }
}
