package io.usdetracker.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A local anvil node holding a {@code TestToken} with a deterministic Transfer history written
 * by {@code e2e/history.mjs}, for end-to-end tests of the tracker.
 *
 * <p>Needs {@code node} on the PATH and {@code npm ci --prefix e2e} run once from the project
 * root. Addresses are returned in lower case. Anvil keeps the state of the last
 * {@value #STATE_HISTORY} blocks only, so {@link #balanceOf} and {@link #totalSupply} fail for
 * blocks further back; blocks and logs stay. Every mined block copies the whole state: with a
 * thousand holders an empty block costs about 2-3 ms, which matters for large {@link #mine} counts.
 */
public final class AnvilChain implements AutoCloseable {

    public static final String TRANSFER_TOPIC =
            "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef";
    public static final String ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";
    // Block states stay in memory only (about 0.4 MB each with a thousand holders): by default
    // anvil writes older ones to a temporary folder it never deletes, and that is also slower.
    public static final int STATE_HISTORY = 2000;

    // history.mjs sends batches of hundreds of transfers and several of them into one block;
    // a billion gas keeps every such block under the limit.
    private static final String GAS_LIMIT = "1000000000";
    // Under the default hardfork every empty block took longer than the one before (EIP-2935
    // keeps up to 8,191 block hashes in state, and anvil copies the state per block); under
    // Cancun the cost stays flat.
    private static final String HARDFORK = "cancun";
    private static final String BALANCE_OF = "0x70a08231";
    private static final String TOTAL_SUPPLY = "0x18160ddd";
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration RPC_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration STATE_TIMEOUT = Duration.ofSeconds(300);
    private static final int START_ATTEMPTS = 3;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The figures history.mjs printed: what the chain must show. */
    public record History(
            String token,
            long deployBlock,
            long lastBlock,
            long transfers,
            long oddLogs,
            long holders,
            long maxLogsInOneBlock) {}

    /** A log of the token carrying the Transfer topic, in either the ERC-20 or ERC-721 shape. */
    public record TransferLog(long block, long logIndex, String txHash, List<String> topics, String data) {

        /** ERC-20 Transfers have from and to indexed and the amount as data; the rest is noise. */
        public boolean isErc20() {
            return topics.size() == 3;
        }

        public String from() {
            return topicAddress(topics.get(1));
        }

        public String to() {
            return topicAddress(topics.get(2));
        }

        public BigInteger value() {
            return new BigInteger(data.substring(2), 16);
        }

        private static String topicAddress(String topic) {
            return "0x" + topic.substring(26).toLowerCase(Locale.ROOT);
        }
    }

    private final Path projectDir;
    private final Path workDir;
    private final Process anvil;
    private final Thread killOnExit;
    private final String rpcUrl;
    // Plain HTTP/1.1: the default would offer every request an h2c upgrade that anvil ignores.
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final AtomicLong requestIds = new AtomicLong();
    private final String seed;
    private History history;
    private int historyRuns;
    private Duration stopTimeout = STOP_TIMEOUT;

    private AnvilChain(Path projectDir, Path workDir, Process anvil, int port, String seed) {
        this.projectDir = projectDir;
        this.workDir = workDir;
        this.anvil = anvil;
        this.rpcUrl = "http://127.0.0.1:" + port;
        this.seed = seed;
        // The JVM does not end child processes, and a test that dies before close() would
        // otherwise leave anvil running after the build.
        this.killOnExit = new Thread(anvil::destroyForcibly, "anvil-killer-" + port);
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    /** Starts anvil and writes a history of at least {@code transfers} Transfer events with the default seed. */
    public static AnvilChain start(int transfers) {
        return start(transfers, null, 0);
    }

    /**
     * Starts anvil and writes a history of at least {@code transfers} Transfer events.
     *
     * @param seed the history's seed, or null for history.mjs's default
     * @param holders how many addresses the history spreads over, or 0 for history.mjs's default
     */
    public static AnvilChain start(int transfers, String seed, int holders) {
        return start(transfers, seed, holders, List.of());
    }

    /**
     * Starts anvil, writes a history of at least {@code transfers} Transfer events with the default seed, and has
     * anvil write its whole state (blocks, logs, the latest state) to {@code state} when {@link #close} stops it,
     * for {@link #startFromState} to serve the same chain again without writing it.
     */
    public static AnvilChain startDumpingState(int transfers, Path state) {
        return start(transfers, null, 0, List.of("--dump-state", state.toAbsolutePath().toString()));
    }

    /** Starts anvil on a state file {@link #startDumpingState} left, holding the history described by {@code history}. */
    public static AnvilChain startFromState(Path state, History history) {
        Path projectDir = projectDir();
        AnvilChain chain = launch(projectDir, anvilBinary(projectDir), null,
                List.of("--load-state", state.toAbsolutePath().toString()));
        chain.history = history;
        return chain;
    }

    private static AnvilChain start(int transfers, String seed, int holders, List<String> stateArgs) {
        Path projectDir = projectDir();
        Path binary = anvilBinary(projectDir);
        IllegalStateException failure = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            AnvilChain chain;
            try {
                chain = launch(projectDir, binary, seed, stateArgs);
            } catch (PortTakenException e) {
                // Another process took the free port between probing and anvil binding it.
                failure = e;
                continue;
            }
            try {
                List<String> args = new ArrayList<>(List.of("--transfers", Integer.toString(transfers)));
                if (seed != null) {
                    args.addAll(List.of("--seed", seed));
                }
                if (holders > 0) {
                    args.addAll(List.of("--holders", Integer.toString(holders)));
                }
                chain.history = chain.runHistory(args, transfers);
                return chain;
            } catch (RuntimeException e) {
                chain.close();
                throw e;
            }
        }
        throw failure;
    }

    public String rpcUrl() {
        return rpcUrl;
    }

    /** The figures of the history written at start; appends and reverts do not change them. */
    public History history() {
        return history;
    }

    public String token() {
        return history.token();
    }

    public long blockNumber() {
        return quantity(call("eth_blockNumber"));
    }

    public BigInteger balanceOf(String address, long block) {
        return uint256(ethCall(BALANCE_OF + word(address), block));
    }

    public BigInteger totalSupply(long block) {
        return uint256(ethCall(TOTAL_SUPPLY, block));
    }

    /** Every log of the token with the Transfer topic in the range, ERC-721-shaped ones included, in chain order. */
    public List<TransferLog> transferLogs(long fromBlock, long toBlock) {
        ObjectNode filter = JSON.createObjectNode()
                .put("address", token())
                .put("fromBlock", hex(fromBlock))
                .put("toBlock", hex(toBlock));
        filter.putArray("topics").add(TRANSFER_TOPIC);
        List<TransferLog> logs = new ArrayList<>();
        for (JsonNode log : call("eth_getLogs", filter)) {
            List<String> topics = new ArrayList<>();
            log.get("topics").forEach(t -> topics.add(t.asText()));
            logs.add(new TransferLog(
                    quantity(log.get("blockNumber")),
                    quantity(log.get("logIndex")),
                    log.get("transactionHash").asText(),
                    List.copyOf(topics),
                    log.get("data").asText()));
        }
        return logs;
    }

    /** Every non-zero address in an ERC-20 Transfer of the token up to {@code toBlock}, sorted. */
    public Set<String> holdersFromLogs(long toBlock) {
        Set<String> holders = new TreeSet<>();
        for (TransferLog log : transferLogs(history.deployBlock(), toBlock)) {
            if (log.isErc20()) {
                holders.add(log.from());
                holders.add(log.to());
            }
        }
        holders.remove(ZERO_ADDRESS);
        return holders;
    }

    /** Mines {@code blocks} empty blocks at once. */
    public void mine(int blocks) {
        call("anvil_mine", hex(blocks));
    }

    /** Writes {@code n} more transfers in several blocks; returns the figures of the whole chain after them. */
    public History appendTransfers(int n) {
        List<String> args = new ArrayList<>(List.of("--token", token(), "--append-transfers", Integer.toString(n)));
        if (seed != null) {
            args.addAll(List.of("--seed", seed));
        }
        return runHistory(args, n);
    }

    /** Records the chain's state; {@link #revert} returns to it, dropping every later block. */
    public String snapshot() {
        return call("evm_snapshot").asText();
    }

    /** Returns to a snapshot, which anvil then forgets: take a new one to revert there again. */
    public void revert(String snapshotId) {
        if (!call("evm_revert", snapshotId).asBoolean()) {
            throw new IllegalStateException("anvil has no snapshot " + snapshotId);
        }
    }

    @Override
    public void close() {
        anvil.destroy();
        try {
            if (!anvil.waitFor(stopTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                anvil.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            anvil.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or about to, and it only repeats what was just done
        }
    }

    private static AnvilChain launch(Path projectDir, Path binary, String seed, List<String> stateArgs) {
        int port = freePort();
        Path workDir = projectDir.resolve("target").resolve("anvil").resolve(Integer.toString(port));
        Path log = workDir.resolve("anvil.log");
        Process process;
        try {
            Files.createDirectories(workDir);
            List<String> command = new ArrayList<>(List.of(
                            binary.toString(),
                            "--host", "127.0.0.1",
                            "--port", Integer.toString(port),
                            "--gas-limit", GAS_LIMIT,
                            "--hardfork", HARDFORK,
                            "--prune-history", Integer.toString(STATE_HISTORY),
                            "--silent"));
            command.addAll(stateArgs);
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + binary, e);
        }
        AnvilChain chain = new AnvilChain(projectDir, workDir, process, port, seed);
        // writing or reading a large state file takes a while
        chain.stopTimeout = stateArgs.isEmpty() ? STOP_TIMEOUT : STATE_TIMEOUT;
        try {
            chain.awaitReady(log, stateArgs.isEmpty() ? STARTUP_TIMEOUT : STATE_TIMEOUT);
            return chain;
        } catch (RuntimeException e) {
            chain.close();
            throw e;
        }
    }

    private void awaitReady(Path log, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!anvil.isAlive()) {
                String output = readQuietly(log);
                String message = "anvil exited with " + anvil.exitValue() + ": " + output;
                throw output.contains("Address already in use")
                        ? new PortTakenException(message)
                        : new IllegalStateException(message);
            }
            try {
                blockNumber();
                return;
            } catch (RpcUnreachableException notListeningYet) {
                sleep(Duration.ofMillis(50));
            }
        }
        throw new IllegalStateException("anvil did not answer on " + rpcUrl + " within " + timeout
                + "; its output is in " + log);
    }

    private History runHistory(List<String> args, int transfers) {
        int run = ++historyRuns;
        Path out = workDir.resolve("history-" + run + ".out");
        Path err = workDir.resolve("history-" + run + ".err");
        List<String> command = new ArrayList<>(List.of(
                "node", projectDir.resolve("e2e").resolve("history.mjs").toString(), "--rpc", rpcUrl));
        command.addAll(args);
        // Well under 1 ms per transfer on a 2-core machine; ten times that plus a minute leaves
        // room for a cold solc compile and a busy CI.
        Duration timeout = Duration.ofSeconds(60 + transfers / 100);
        Process node;
        try {
            node = new ProcessBuilder(command)
                    .directory(projectDir.toFile())
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run node; is Node.js 20 or later on the PATH?", e);
        }
        try {
            if (!node.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                node.destroyForcibly();
                throw new IllegalStateException("history.mjs took longer than " + timeout + ": " + readQuietly(err));
            }
        } catch (InterruptedException e) {
            node.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while history.mjs ran", e);
        }
        if (node.exitValue() != 0) {
            throw new IllegalStateException("history.mjs exited with " + node.exitValue() + ": " + readQuietly(err));
        }
        List<String> lines = readQuietly(out).lines().filter(l -> !l.isBlank()).toList();
        if (lines.isEmpty()) {
            throw new IllegalStateException("history.mjs printed nothing: " + readQuietly(err));
        }
        try {
            return JSON.readValue(lines.get(lines.size() - 1), History.class);
        } catch (IOException e) {
            throw new IllegalStateException("history.mjs printed no figures: " + lines, e);
        }
    }

    private String ethCall(String data, long block) {
        ObjectNode tx = JSON.createObjectNode().put("to", token()).put("data", data);
        return call("eth_call", tx, hex(block)).asText();
    }

    private JsonNode call(String method, Object... params) {
        ObjectNode request = JSON.createObjectNode()
                .put("jsonrpc", "2.0")
                .put("id", requestIds.incrementAndGet())
                .put("method", method);
        ArrayNode array = request.putArray("params");
        for (Object param : params) {
            array.add(param instanceof JsonNode node ? node : JSON.valueToTree(param));
        }
        HttpResponse<String> response;
        try {
            response = http.send(
                    HttpRequest.newBuilder(URI.create(rpcUrl))
                            .timeout(RPC_TIMEOUT)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(request)))
                            .build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (ConnectException e) {
            throw new RpcUnreachableException(method, e);
        } catch (IOException e) {
            throw new UncheckedIOException(method + " to " + rpcUrl + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during " + method, e);
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException(method + ": HTTP " + response.statusCode() + " " + response.body());
        }
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(method + ": unreadable answer " + response.body(), e);
        }
        if (body.hasNonNull("error")) {
            throw new IllegalStateException(method + ": " + body.get("error"));
        }
        return body.get("result");
    }

    private static Path projectDir() {
        // Surefire and failsafe set basedir; an IDE runs tests from the project root.
        Path dir = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
        if (!Files.isDirectory(dir.resolve("e2e").resolve("node_modules"))) {
            throw new IllegalStateException(dir.resolve("e2e").resolve("node_modules")
                    + " is missing: run `npm ci --prefix e2e` in " + dir + " first");
        }
        return dir;
    }

    /**
     * The platform binary itself rather than the package's node wrapper: the wrapper does not
     * pass a forced kill on, which would leave anvil running after close().
     */
    private static Path anvilBinary(Path projectDir) {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        String platform = (os.contains("mac") ? "darwin" : os.contains("win") ? "win32" : "linux")
                + "-" + (arch.equals("aarch64") || arch.equals("arm64") ? "arm64" : "amd64");
        Path binary = projectDir.resolve("e2e/node_modules/@foundry-rs/anvil-" + platform + "/bin")
                .resolve(platform.startsWith("win32") ? "anvil.exe" : "anvil");
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException(binary + " is missing: run `npm ci --prefix e2e` in " + projectDir
                    + " (without --omit=optional, which drops anvil's platform binary)");
        }
        return binary;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    private static String hex(long n) {
        return "0x" + Long.toHexString(n);
    }

    private static String word(String address) {
        String digits = address.startsWith("0x") ? address.substring(2) : address;
        return "0".repeat(64 - digits.length()) + digits.toLowerCase(Locale.ROOT);
    }

    private static long quantity(JsonNode hexNumber) {
        return Long.parseLong(hexNumber.asText().substring(2), 16);
    }

    private static BigInteger uint256(String hexWord) {
        return new BigInteger(hexWord.substring(2), 16);
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(" + file + " unreadable: " + e.getMessage() + ")";
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for anvil", e);
        }
    }

    private static final class PortTakenException extends IllegalStateException {
        PortTakenException(String message) {
            super(message);
        }
    }

    private static final class RpcUnreachableException extends IllegalStateException {
        RpcUnreachableException(String method, Throwable cause) {
            super(method + ": node not reachable", cause);
        }
    }
}
