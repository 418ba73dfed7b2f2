package io.usdetracker.console;

import io.usdetracker.config.ConsoleSettings;
import io.usdetracker.config.TrackerSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.main.ManagementHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hawtio at MANAGEMENT_PORT's /hawtio (roles all and console) and this JVM's Jolokia endpoint (JOLOKIA_PORT, any
 * role). Both start only once Camel has started, Hawtio in the background, so that neither delays the first fetch.
 * Without HAWTIO_PASSWORD neither starts (there is no default account), and the log says so; the rest runs on.
 */
public final class OperatorConsole extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(OperatorConsole.class);

    private final TrackerSettings settings;
    private final CamelContext context;
    private volatile HawtioServer hawtio;
    private volatile JolokiaAgent jolokia;
    private volatile Path workDir;

    public OperatorConsole(CamelContext context, TrackerSettings settings) {
        this.context = context;
        this.settings = settings;
    }

    /** Called once the context has fully started (the management server's router exists by then). */
    public void open() {
        boolean console = settings.role().servesConsole();
        boolean agent = settings.console().jolokiaPort().isPresent();
        if (settings.console().password().isEmpty()) {
            if (console || agent) {
                LOG.warn("console: {} not start: HAWTIO_PASSWORD is not set (there is no default account; set HAWTIO_USER and HAWTIO_PASSWORD)",
                        console && agent ? "Hawtio and Jolokia do" : console ? "Hawtio does" : "Jolokia does");
            }
            return;
        }
        if (console) {
            ManagementHttpServer management = context.hasService(ManagementHttpServer.class);
            VertxPlatformHttpRouter router = management.getRouter();
            HawtioRelay.install(router.vertx(), router, () -> hawtio == null ? 0 : hawtio.port());
        }
        Thread starter = new Thread(this::startInBackground, "console-start");
        starter.setDaemon(true);
        starter.start();
    }

    private void startInBackground() {
        ConsoleSettings console = settings.console();
        if (console.jolokiaPort().isPresent()) {
            try {
                JolokiaAgent agent = JolokiaAgent.start(console);
                if (!isRunAllowed()) {
                    agent.close();
                    return;
                }
                jolokia = agent;
                LOG.info("console: Jolokia at {} for user {}, Camel MBeans only", agent.url(), console.user());
            } catch (Exception e) {
                LOG.error("console: Jolokia did not start on {}:{}: {}", console.jolokiaHost(), console.jolokiaPort().get(), e.toString());
            }
        }
        if (settings.role().servesConsole()) {
            startHawtio();
        }
    }

    private void startHawtio() {
        long started = System.nanoTime();
        try {
            workDir = Files.createTempDirectory("usde-tracker-hawtio");
            HawtioServer server = HawtioServer.start(settings.console(), workDir);
            if (!isRunAllowed()) {
                server.close();
                return;
            }
            hawtio = server;
            LOG.info("console: Hawtio at http://0.0.0.0:{}/hawtio/ for user {} (started in {} ms){}", settings.managementPort(),
                    settings.console().user(), (System.nanoTime() - started) / 1_000_000,
                    settings.console().targets().isEmpty() ? "" : "; connections: " + String.join(", ", settings.console().targets().keySet()));
        } catch (Exception | LinkageError e) {
            LOG.error("console: Hawtio did not start: {}", e.toString());
        }
    }

    @Override
    protected void doStop() throws Exception {
        if (jolokia != null) {
            jolokia.close();
            jolokia = null;
        }
        if (hawtio != null) {
            hawtio.close();
            hawtio = null;
        }
        if (workDir != null) {
            try (Stream<Path> files = Files.walk(workDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
