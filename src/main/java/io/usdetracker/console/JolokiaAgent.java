package io.usdetracker.console;

import io.usdetracker.config.ConsoleSettings;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.jolokia.core.api.LogHandler;
import org.jolokia.jvmagent.JolokiaServer;
import org.jolokia.jvmagent.JolokiaServerConfig;
import org.jolokia.server.core.config.SystemPropertyMode;

/**
 * This JVM's Jolokia endpoint on JOLOKIA_HOST:JOLOKIA_PORT (/jolokia), for a console in another JVM: HTTP basic
 * authentication with the console's account, {@link CamelReadRestrictor}'s access, no error details in answers.
 */
public final class JolokiaAgent implements AutoCloseable {

    private final JolokiaServer server;

    private JolokiaAgent(JolokiaServer server) {
        this.server = server;
    }

    public static JolokiaAgent start(ConsoleSettings settings) throws Exception {
        Map<String, String> config = Map.of(
                "host", settings.jolokiaHost(),
                "port", Integer.toString(settings.jolokiaPort().orElseThrow()),
                "agentContext", "/jolokia",
                "user", settings.user(),
                "password", settings.password().orElseThrow().value(),
                "restrictorClass", CamelReadRestrictor.class.getName(),
                "discoveryEnabled", "false",
                "includeStackTrace", "false",
                "allowErrorDetails", "false");
        JolokiaServer server = new JolokiaServer(new JolokiaServerConfig(config, SystemPropertyMode.NEVER), new ToSlf4j());
        server.start(false);
        return new JolokiaAgent(server);
    }

    /** Where the endpoint answers, e.g. {@code http://127.0.0.1:8778/jolokia/}. */
    public String url() {
        return server.getUrl();
    }

    @Override
    public void close() {
        server.stop();
    }

    /** Jolokia's own lines into the tracker's log, not onto standard output. */
    private static final class ToSlf4j implements LogHandler {

        private static final Logger LOG = LoggerFactory.getLogger(JolokiaAgent.class);

        @Override
        public void debug(String message) {
            LOG.debug(message);
        }

        @Override
        public void info(String message) {
            LOG.debug(message);
        }

        @Override
        public void error(String message, Throwable t) {
            LOG.warn("{}: {}", message, t == null ? "" : t.toString());
        }

        @Override
        public boolean isDebug() {
            return LOG.isDebugEnabled();
        }
    }
}
