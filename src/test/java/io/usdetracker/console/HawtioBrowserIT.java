package io.usdetracker.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.usdetracker.support.Http;
import io.usdetracker.support.SyntheticLogs;
import io.usdetracker.support.TrackerApp;
import io.usdetracker.support.TrackerOnEtherscanTest;
import io.usdetracker.support.TrackerProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Hawtio in headless Chromium (e2e/hawtio-check.mjs, playwright-core) over a running tracker in ROLE=all, on the
 * API's port: 401 and the login page without credentials, the configured account logs in, the Camel tree lists the
 * pipeline's routes (target/hawtio.png) and sync-transfers' diagram shows with its statistics, no Jolokia request
 * refused (target/hawtio-diagram.png). And ROLE=console: it offers CONSOLE_TARGETS under "Connect", and the tree
 * of the connection, a packaged tracker's Jolokia in another JVM, lists them too (target/hawtio-pipeline.png).
 */
class HawtioBrowserIT extends TrackerOnEtherscanTest {

    private static final long START = 3_000;
    static final String USER = "watcher";
    static final String PASSWORD = "correct horse battery staple";

    HawtioBrowserIT() {
        super(START);
    }

    private static final String ROUTES = "sync-transfers,parse-transfer,calc-balance";

    @Test
    void theConfiguredAccountLogsInAndTheCamelTreeListsThePipelinesRoutes() throws Exception {
        SyntheticLogs chain = new SyntheticLogs(12, 10).transfers(START, 200, 3);
        etherscan.chain(chain.logs(), START + 100);
        app.with("HAWTIO_USER", USER).with("HAWTIO_PASSWORD", PASSWORD).start();
        String hawtio = app.managementUrl() + "/hawtio";
        awaitHawtio(hawtio);
        TrackerApp.await("cursor at the tip", Duration.ofSeconds(60), () -> app.cursor() == START + 100);

        browserCheck(hawtio, "hawtio.png");
    }

    @Test
    void theConsoleRoleOffersItsTargetsAndShowsTheirCamelTree() throws Exception {
        int jolokiaPort = TrackerApp.freePort();
        Map<String, String> pipeline = app.environment();
        pipeline.put("ROLE", "all");
        pipeline.put("API_PORT", Integer.toString(TrackerApp.freePort()));
        pipeline.put("HAWTIO_USER", USER);
        pipeline.put("HAWTIO_PASSWORD", PASSWORD);
        pipeline.put("JOLOKIA_PORT", Integer.toString(jolokiaPort));
        String jolokia = "http://127.0.0.1:" + jolokiaPort + "/jolokia";
        // the packaged jar in a JVM of its own, as the console's target: its Jolokia is the shaded jar's
        try (TrackerProcess target = TrackerProcess.start("hawtio-target", pipeline)) {
            TrackerApp.await("the target's Jolokia", Duration.ofSeconds(90), () -> answers(jolokia + "/version"));
            app.with("ROLE", "console").with("HAWTIO_USER", USER).with("HAWTIO_PASSWORD", PASSWORD)
                    .with("CONSOLE_TARGETS", "pipeline=" + jolokia).start();
            String hawtio = app.managementUrl() + "/hawtio";
            awaitHawtio(hawtio);
            assertThat(app.context().getRoutes()).as("the console itself runs no route").isEmpty();

            browserCheck(hawtio, "hawtio-pipeline.png", "--connection", "pipeline");
        }
    }

    private static boolean answers(String url) {
        try {
            return Http.get(url, USER, PASSWORD).statusCode() == 200;
        } catch (Exception e) {
            return false;
        }
    }

    /** Runs e2e/hawtio-check.mjs against {@code hawtio} and expects it to pass and leave {@code screenshot}. */
    private static void browserCheck(String hawtio, String screenshot, String... more) throws Exception {
        Path chromium = Path.of(System.getenv().getOrDefault("CHROMIUM_PATH", "/usr/bin/chromium"));
        assertThat(Files.isExecutable(chromium)).as(chromium + " is missing: apt-get install chromium (or set CHROMIUM_PATH)").isTrue();
        Path project = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
        assertThat(project.resolve("e2e/node_modules/playwright-core")).as("run `npm ci --prefix e2e` first").isDirectory();
        Path screenshots = project.resolve("target");
        Files.deleteIfExists(screenshots.resolve(screenshot));
        Files.deleteIfExists(screenshots.resolve(screenshot.replace(".png", "-diagram.png")));
        List<String> command = new ArrayList<>(List.of("node", "e2e/hawtio-check.mjs", "--url", hawtio, "--user", USER,
                "--password", PASSWORD, "--routes", ROUTES, "--screenshots", screenshots.toString()));
        command.addAll(List.of(more));
        Process check = new ProcessBuilder(command).directory(project.toFile()).redirectErrorStream(true).start();
        boolean ended = check.waitFor(3, TimeUnit.MINUTES);
        if (!ended) {
            check.destroyForcibly();
        }
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        System.out.println("hawtio-check: " + output);
        assertThat(ended).as("hawtio-check ended within 3 minutes").isTrue();
        assertThat(check.exitValue()).as(output).isZero();
        assertThat(output).contains("\"ok\":true");
        assertThat(Files.size(screenshots.resolve(screenshot))).isGreaterThan(10_000);
        assertThat(Files.size(screenshots.resolve(screenshot.replace(".png", "-diagram.png")))).isGreaterThan(10_000);
    }

    /** Hawtio starts in the background after Camel: /hawtio answers 503 until it is up. */
    static void awaitHawtio(String hawtio) throws Exception {
        TrackerApp.await("Hawtio started", Duration.ofSeconds(60), () -> Http.get(hawtio + "/jolokia/version").statusCode() != 503);
    }
}
