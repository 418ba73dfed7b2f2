package io.usdetracker.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL server of the test's own (initdb into a temporary folder, a free port on 127.0.0.1, trust
 * authentication), which the test may restart or crash without touching the shared one. As root it runs as the
 * {@code postgres} user, since PostgreSQL refuses to run as root.
 */
public final class PostgresServer implements AutoCloseable {

    private final Path base;
    private final Path data;
    private final int port;
    private final Thread stopOnExit;

    private PostgresServer(Path base, int port) {
        this.base = base;
        this.data = base.resolve("data");
        this.port = port;
        this.stopOnExit = new Thread(this::stopQuietly, "postgres-stopper-" + port);
        Runtime.getRuntime().addShutdownHook(stopOnExit);
    }

    public static PostgresServer start() throws Exception {
        Path base = Files.createTempDirectory("usde-chaos-pg");
        base.toFile().setWritable(true, false);
        base.toFile().setExecutable(true, false);
        PostgresServer server = new PostgresServer(base, TrackerApp.freePort());
        server.pg("initdb", "-D", server.data.toString(), "-A", "trust", "-U", "postgres", "--no-sync");
        server.pgCtl("start", "-o", "-p " + server.port + " -k " + base + " -c listen_addresses=127.0.0.1 -c fsync=off");
        return server;
    }

    /** A DATABASE_URL for a new database {@code name} on this server. */
    public String createDatabase(String name) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", "");
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return "postgresql://postgres:postgres@127.0.0.1:" + port + "/" + name;
    }

    /** Stops the server the way a crash would (no shutdown checkpoint), then starts it again. */
    public void crashAndRestart() throws Exception {
        pgCtl("restart", "-m", "immediate");
    }

    private void pgCtl(String action, String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of("pg_ctl", "-D", data.toString(), "-l", base.resolve("server.log").toString(), "-w"));
        args.addAll(List.of(options));
        args.add(action);
        pg(args.toArray(String[]::new));
    }

    private void pg(String... command) throws Exception {
        List<String> full = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.add(binaries().resolve(command[0]).toString());
        full.addAll(List.of(command).subList(1, command.length));
        Process p = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(base.resolve(command[0] + ".out").toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", full) + " failed:\n" + Files.readString(base.resolve(command[0] + ".out")));
        }
    }

    private static Path binaries() throws IOException {
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.naturalOrder())
                    .orElseThrow(() -> new IllegalStateException("no PostgreSQL server binaries under /usr/lib/postgresql"));
        }
    }

    private void stopQuietly() {
        try {
            pgCtl("stop", "-m", "immediate");
        } catch (Exception e) {
            // already stopped
        }
    }

    @Override
    public void close() throws IOException {
        stopQuietly();
        Runtime.getRuntime().removeShutdownHook(stopOnExit);
        try (Stream<Path> files = Files.walk(base)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
