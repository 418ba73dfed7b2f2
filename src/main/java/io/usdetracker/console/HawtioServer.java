package io.usdetracker.console;

import io.usdetracker.config.ConsoleSettings;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.eclipse.jetty.ee10.webapp.WebAppClassLoader;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Hawtio's war (packaged in the jar as hawtio/hawtio.war) in a Jetty of its own, listening on 127.0.0.1 at a port
 * the system picks; {@link HawtioRelay} brings it to MANAGEMENT_PORT's /hawtio. Hawtio's Jolokia reads this JVM's
 * MBeans through {@link CamelReadRestrictor}; its login is {@link ConsoleRealm}'s one account; its proxy reaches only
 * the hosts of CONSOLE_TARGETS.
 */
public final class HawtioServer implements AutoCloseable {

    static final String CONTEXT_PATH = "/hawtio";
    private static final String WAR = "/hawtio/hawtio.war";
    private static final Pattern LOGGING_JARS = Pattern.compile("WEB-INF/lib/(slf4j-|log4j-).*\\.jar");
    private static final String RESTRICTOR = CamelReadRestrictor.class.getName().replace('.', '/') + ".class";

    private final Server jetty;

    private HawtioServer(Server jetty) {
        this.jetty = jetty;
    }

    /** Deploys the war and starts Jetty; takes a few seconds (the war is unpacked), so callers run it in the background. */
    public static HawtioServer start(ConsoleSettings settings, Path workDir) throws Exception {
        ConsoleRealm.install(settings.user(), settings.password().orElseThrow());
        configureHawtio(settings);
        Files.createDirectories(workDir);
        Path war = workDir.resolve("hawtio.war");
        copyWar(war, settings);
        Path override = workDir.resolve("override-web.xml");
        Files.writeString(override, overrideDescriptor(), StandardCharsets.UTF_8);

        Server jetty = new Server(new QueuedThreadPool(16, 2, 60_000));
        jetty.setStopAtShutdown(false);
        ServerConnector connector = new ServerConnector(jetty, 1, 1);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        jetty.addConnector(connector);

        WebAppContext webapp = new WebAppContext();
        webapp.setContextPath(CONTEXT_PATH);
        webapp.setWar(war.toString());
        webapp.setTempDirectory(workDir.resolve("webapp").toFile());
        webapp.addOverrideDescriptor(override.toUri().toString());
        // one logging in the JVM: the tracker's (see copyWar); one Jolokia in the web application: the war's
        webapp.getProtectedClassMatcher().add("org.slf4j.");
        webapp.setClassLoader(new WebAppClassLoader(new WithoutJolokia(HawtioServer.class.getClassLoader()), webapp));
        webapp.setThrowUnavailableOnStartupException(true);
        jetty.setHandler(webapp);
        try {
            jetty.start();
        } catch (Exception | LinkageError e) {
            jetty.stop();
            throw e;
        }
        return new HawtioServer(jetty);
    }

    /**
     * Copies the packaged war to {@code target}, with these changes. With CONSOLE_TARGETS, index.html loads
     * {@link ConsoleConnections}' script, added beside it. Its logging jars are left out, so that Hawtio logs
     * through the tracker's slf4j to its log. {@link CamelReadRestrictor} is added to WEB-INF/classes: Hawtio 4.2 needs
     * the Jolokia it was built with (2.1, inside the war; it fails on 2.6's serializer), and the restrictor must be
     * loaded beside that Jolokia to implement the Restrictor interface it checks against (2.1's and 2.6's are alike).
     */
    private static void copyWar(Path target, ConsoleSettings settings) throws Exception {
        boolean connections = !settings.targets().isEmpty();
        try (InputStream packaged = HawtioServer.class.getResourceAsStream(WAR);
             InputStream restrictor = HawtioServer.class.getResourceAsStream("/" + RESTRICTOR)) {
            if (packaged == null || restrictor == null) {
                throw new IllegalStateException(WAR + " is not in the jar (mvn package copies it there)");
            }
            try (ZipInputStream in = new ZipInputStream(packaged);
                 ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(target))) {
                for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                    if (LOGGING_JARS.matcher(entry.getName()).matches()) {
                        continue;
                    }
                    out.putNextEntry(new ZipEntry(entry.getName()));
                    if (connections && entry.getName().equals("index.html")) {
                        String index = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                        out.write(ConsoleConnections.withScript(index).getBytes(StandardCharsets.UTF_8));
                    } else {
                        in.transferTo(out);
                    }
                    out.closeEntry();
                }
                if (connections) {
                    out.putNextEntry(new ZipEntry(ConsoleConnections.SCRIPT));
                    out.write(ConsoleConnections.script(settings.targets()).getBytes(StandardCharsets.UTF_8));
                    out.closeEntry();
                }
                out.putNextEntry(new ZipEntry("WEB-INF/classes/" + RESTRICTOR));
                restrictor.transferTo(out);
                out.closeEntry();
            }
        }
    }

    /** Hawtio reads its settings from system properties (hawtio.*). */
    private static void configureHawtio(ConsoleSettings settings) {
        System.setProperty("hawtio.authenticationEnabled", "true");
        System.setProperty("hawtio.realm", ConsoleRealm.REALM);
        System.setProperty("hawtio.roles", ConsoleRole.NAME);
        System.setProperty("hawtio.rolePrincipalClasses", ConsoleRole.class.getName());
        // a request without credentials is answered 401, not redirected
        System.setProperty("hawtio.noCredentials401", "true");
        System.setProperty("hawtio.localAddressProbing", "false");
        String hosts = settings.targets().values().stream().map(URI::getHost).distinct().collect(Collectors.joining(","));
        System.setProperty("hawtio.proxyAllowlist", hosts);
        System.setProperty("hawtio.disableProxy", Boolean.toString(hosts.isEmpty()));
    }

    private static String overrideDescriptor() {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="5.0">
                  <servlet>
                    <servlet-name>jolokia-agent</servlet-name>
                    <init-param>
                      <param-name>restrictorClass</param-name>
                      <param-value>%s</param-value>
                    </init-param>
                  </servlet>
                </web-app>
                """.formatted(CamelReadRestrictor.class.getName());
    }

    /** The local port Jetty listens on (127.0.0.1 only). */
    public int port() {
        return ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
    }

    @Override
    public void close() throws Exception {
        jetty.stop();
    }
}
