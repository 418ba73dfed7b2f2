package io.usdetracker.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One packaged tracker ({@code target/usde-tracker.jar}) in a JVM of its own, as an operator starts it, with what
 * the benchmark reads of it: CPU time and peak RSS from /proc (VmHWM: the kernel's high-water mark of the resident
 * set), and its /observe/metrics.
 */
final class BenchProcess implements AutoCloseable {

    /**
     * The JVM options docs/PERFORMANCE.md gives for a backfill on a small machine, which the benchmark runs the tracker
     * with (BENCH_JVM_OPTS replaces them): a 256 MB heap, the serial collector, and the C1 compiler only, since the
     * C2 compiler's threads took half of the tracker's CPU in a 200,000-transfer backfill, CPU that PostgreSQL needs.
     */
    static final String JVM_OPTS = "-Xms64m -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1";

    /** The same with the JVM's own tiered compilation (C1, then C2), for the comparison row. */
    static final String TIERED_JIT_OPTS = "-Xms64m -Xmx256m -XX:+UseSerialGC";

    /**
     * The trackers started and not yet closed. A benchmark ended by SIGTERM (`kill`, `timeout`) runs no finally block,
     * so a shutdown hook stops them: they would otherwise run on without their node, retrying it for ever. Then it runs
     * the clean-ups of the runs in progress (removing their queues), which must wait until no tracker can push again.
     */
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();
    private static final Map<String, Callable<?>> AFTER_STOP = new ConcurrentHashMap<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(BenchProcess::stopAll, "bench-stop-trackers"));
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final long CLOCK_TICKS = 100;

    final String name;
    final long startedMillis = System.currentTimeMillis();
    private final Process process;
    private final int managementPort;
    private final Path log;

    private BenchProcess(String name, Process process, int managementPort, Path log) {
        this.name = name;
        this.process = process;
        this.managementPort = managementPort;
        this.log = log;
    }

    static BenchProcess start(String name, Map<String, String> env, Path logDir) throws IOException {
        return start(name, JVM_OPTS, env, logDir);
    }

    static BenchProcess start(String name, String jvmOptions, Map<String, String> env, Path logDir) throws IOException {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        // {name} in BENCH_JVM_OPTS becomes the process's name, e.g. for one JFR recording per process
        String configured = System.getenv("BENCH_JVM_OPTS");
        String options = (configured == null || configured.isBlank() ? jvmOptions : configured).replace("{name}", name);
        command.addAll(List.of(options.trim().split("\\s+")));
        command.addAll(List.of("-jar", "target/usde-tracker.jar"));
        Files.createDirectories(logDir);
        Path log = logDir.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("TEST_") || k.startsWith("BENCH_") || k.endsWith("_URL")
                || k.equals("ROLE") || k.equals("ETHERSCAN_API_KEY") || k.equals("ROUTES_DIR"));
        builder.environment().putAll(env);
        builder.environment().put("API_PORT", Integer.toString(port));
        builder.environment().put("MANAGEMENT_PORT", Integer.toString(port));
        Process process = builder.start();
        RUNNING.add(process);
        return new BenchProcess(name, process, port, log);
    }

    /** What the shutdown hook does for run {@code key} after stopping every tracker, unless {@link #done} says otherwise. */
    static void onStop(String key, Callable<?> cleanUp) {
        AFTER_STOP.put(key, cleanUp);
    }

    static void done(String key) {
        AFTER_STOP.remove(key);
    }

    private static void stopAll() {
        RUNNING.forEach(Process::destroy);
        for (Process p : RUNNING) {
            try {
                if (!p.waitFor(20, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        AFTER_STOP.forEach((key, cleanUp) -> {
            try {
                cleanUp.call();
            } catch (Exception e) {
                System.err.println("bench/run: while stopping, " + key + ": " + e);
            }
        });
    }

    /** User plus system CPU seconds of every thread of the JVM so far. */
    double cpuSeconds() throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / (double) CLOCK_TICKS;
    }

    /** The peak resident set size so far, in MB (VmHWM of /proc/PID/status). */
    double peakRssMb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        throw new IllegalStateException("no VmHWM for process " + process.pid());
    }

    Metrics metrics() throws IOException, InterruptedException {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + managementPort + "/observe/metrics")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        return Metrics.parse(answer.body());
    }

    void assertAlive() throws IOException {
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " exited with " + process.exitValue() + "; its output: " + log
                    + "\n" + tail());
        }
    }

    String tail() throws IOException {
        String all = Files.readString(log);
        return all.substring(Math.max(0, all.length() - 3000));
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        RUNNING.remove(process);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
