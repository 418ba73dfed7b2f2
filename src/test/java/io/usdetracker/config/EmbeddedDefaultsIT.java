package io.usdetracker.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.usdetracker.support.EtherscanFake;
import io.usdetracker.support.SyntheticLogs;
import io.usdetracker.support.TrackerApp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The packaged jar with neither DATABASE_URL nor REDIS_URL: it starts its embedded PostgreSQL and Redis, says so,
 * syncs, and finds its data again after a restart, and after a SIGKILL that left both servers running. PostgreSQL will not run as root, so as root the jar is started
 * as the unprivileged user {@code nobody}, as a user would run it.
 */
class EmbeddedDefaultsIT {

    private static final Path JAR = Path.of("target/usde-tracker.jar").toAbsolutePath();
    private static final int POSTGRES_PORT = TrackerApp.freePort();
    private static final int REDIS_PORT = TrackerApp.freePort();

    @Test
    void embeddedPostgresAndRedisKeepTheDataAcrossARestartAndAKill() throws Exception {
        Path dataDir = Files.createTempDirectory("tracker-embedded", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxrwxrwx")));
        Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwxrwxrwx"));
        SyntheticLogs chain = new SyntheticLogs(41, 20).transfers(100, 1_500, 3);
        try (EtherscanFake etherscan = new EtherscanFake("EMBEDDEDKEY0123456").chain(chain.logs(), 700)) {
            String first = runUntil(etherscan, dataDir, "caught up: every Transfer up to block 700 is applied");
            assertThat(first).contains("database: embedded PostgreSQL on 127.0.0.1:" + POSTGRES_PORT)
                    .contains("queue: embedded Redis on 127.0.0.1:" + REDIS_PORT)
                    .contains("schema: applied V1__schema.sql");

            String second = runUntil(etherscan, dataDir, "cursor: every Transfer up to block 700 is applied", true);
            assertThat(second).doesNotContain("schema: applied");

            String afterKill = runUntil(etherscan, dataDir, "cursor: every Transfer up to block 700 is applied");
            assertThat(afterKill).contains("embedded PostgreSQL: the server of an earlier run")
                    .contains("embedded Redis: the server of an earlier run");
        }
    }

    /** Runs the jar until {@code line} appears in its output, then stops it with SIGTERM; returns the output. */
    private static String runUntil(EtherscanFake etherscan, Path dataDir, String line) throws Exception {
        return runUntil(etherscan, dataDir, line, false);
    }

    /**
     * Stops the tracker's JVM itself (runuser would turn one SIGTERM into a SIGKILL of the whole session): with
     * SIGTERM, or with SIGKILL when {@code killed}, which leaves its PostgreSQL and Redis running behind it.
     */
    private static void stop(Process process, boolean killed) throws InterruptedException {
        ProcessHandle jvm = process.descendants().filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false))
                .findFirst().orElse(process.toHandle());
        if (killed) {
            jvm.destroyForcibly();
        } else {
            jvm.destroy();
        }
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    private static String runUntil(EtherscanFake etherscan, Path dataDir, String line, boolean killed) throws Exception {
        List<String> command = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            command.addAll(List.of("runuser", "-u", "nobody", "--"));
        }
        command.addAll(List.of("env", "DATA_DIR=" + dataDir, "ETHERSCAN_API_URL=" + etherscan.url(),
                "ETHERSCAN_API_KEY=EMBEDDEDKEY0123456", "ETHERSCAN_CALLS_PER_SEC=100", "START_BLOCK=100", "CONFIRMATIONS=0",
                "SYNC_PERIOD=1s", "API_PORT=" + TrackerApp.freePort(), "EMBEDDED_POSTGRES_PORT=" + POSTGRES_PORT, "EMBEDDED_REDIS_PORT=" + REDIS_PORT, Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
        Path log = Files.createTempFile("tracker-embedded", ".log");
        Process process = new ProcessBuilder(command).directory(dataDir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (!read(log).contains(line)) {
                assertThat(process.isAlive()).as("tracker running; output so far:%n%s", read(log)).isTrue();
                assertThat(System.nanoTime()).as("'%s' within 120 s; output:%n%s", line, read(log)).isLessThan(deadline);
                Thread.sleep(200);
            }
        } finally {
            stop(process, killed);
        }
        return read(log);
    }

    private static String read(Path log) throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    /** The HTTP API of the jar must not take 8080, which anything else on the machine may be using. */
}
