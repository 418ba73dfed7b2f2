package io.usdetracker.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged tracker ({@code target/usde-tracker.jar}, built by {@code package} before failsafe runs) in a
 * JVM of its own, as an operator starts it: the environment given, its output in a file under target/ that
 * the test reads. It can be killed outright (SIGKILL) or asked to stop (SIGTERM).
 */
public final class TrackerProcess implements AutoCloseable {

    private static final Path JAR = Path.of("target", "usde-tracker.jar");
    /** Settings a developer's shell may hold, which must not leak into a child started with its own. */
    private static final List<String> INHERITED_SETTINGS = List.of("DATABASE_URL", "REDIS_URL", "ETHERSCAN_API_KEY",
            "RPC_URL", "ROLE", "API_PORT", "MANAGEMENT_PORT", "ROUTES_DIR", "DATA_DIR", "LOG_LEVEL", "HAWTIO_USER", "HAWTIO_PASSWORD",
            "JOLOKIA_HOST", "JOLOKIA_PORT", "CONSOLE_TARGETS");

    private final Process process;
    private final Path output;

    private TrackerProcess(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    /** {@code java -jar target/usde-tracker.jar args...} with exactly {@code env} as the tracker's settings. */
    public static TrackerProcess start(String name, Map<String, String> env, String... args) throws IOException {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR + " is missing: run the tests with `mvn verify`, which packages first");
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms64m", "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", JAR.toString()));
        command.addAll(List.of(args));
        Path output = Path.of("target", "processes", name + ".log");
        Files.createDirectories(output.getParent());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("TEST_") || INHERITED_SETTINGS.contains(k));
        builder.environment().putAll(env);
        return new TrackerProcess(builder.start(), output);
    }

    /** Runs a command to its end and returns its exit code and output. */
    public static Result run(String name, Map<String, String> env, Duration timeout, String... args) throws Exception {
        try (TrackerProcess p = start(name, env, args)) {
            if (!p.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError(name + " did not end within " + timeout.toSeconds() + " s:\n" + p.output());
            }
            return new Result(p.process.exitValue(), p.output());
        }
    }

    public record Result(int exit, String output) {
    }

    public String output() throws IOException {
        return Files.readString(output, StandardCharsets.UTF_8);
    }

    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** Waits until the output holds {@code text}, failing (with the output) after {@code timeout}. */
    public void awaitOutput(String text, Duration timeout) throws Exception {
        TrackerApp.await("'" + text + "' in the output of process " + pid() + ":\n" + tail(), timeout,
                () -> output().contains(text));
    }

    /** SIGKILL: no shutdown hook, no goodbye; the database sees the session drop. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM, then the exit code once the process has ended (failing after {@code timeout}). */
    public int terminate(Duration timeout) throws Exception {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("process " + pid() + " did not stop within " + timeout.toSeconds() + " s:\n" + tail());
        }
        return process.exitValue();
    }

    private String tail() {
        try {
            String all = output();
            return all.substring(Math.max(0, all.length() - 4000));
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
