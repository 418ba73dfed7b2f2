package io.usdetracker.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.usdetracker.e2e.AnvilChain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The benchmark's chain: anvil serving a history of N transfers written by e2e/history.mjs. Writing 200,000
 * transfers takes minutes, so anvil's state (blocks, logs, the latest state) is dumped once into a cache folder
 * outside target/ (which {@code mvn clean} removes) and loaded on later runs. The folder's name holds the number
 * of transfers and a digest of the script and the contract that wrote it, so a changed history is written again.
 */
final class BenchHistory {

    private static final ObjectMapper JSON = new ObjectMapper();

    private BenchHistory() {
    }

    static AnvilChain open(Path cacheDir, int transfers) throws IOException {
        Path dir = cacheDir.resolve("history-" + transfers + "-" + digest());
        Path state = dir.resolve("anvil-state.json");
        Path figures = dir.resolve("history.json");
        if (!Files.isRegularFile(figures) || !Files.isRegularFile(state)) {
            Files.createDirectories(dir);
            Path written = dir.resolve("anvil-state.json.tmp");
            long started = System.nanoTime();
            System.out.printf("history: writing %,d transfers on anvil (once; cached in %s)%n", transfers, dir);
            AnvilChain.History history;
            try (AnvilChain chain = AnvilChain.startDumpingState(transfers, written)) {
                history = chain.history();
            }
            if (!Files.isRegularFile(written) || Files.size(written) == 0) {
                throw new IllegalStateException("anvil left no state in " + written);
            }
            Files.move(written, state, StandardCopyOption.REPLACE_EXISTING);
            JSON.writeValue(figures.toFile(), history);
            System.out.printf("history: written in %.0f s%n", (System.nanoTime() - started) / 1e9);
        }
        AnvilChain.History history = JSON.readValue(figures.toFile(), AnvilChain.History.class);
        long started = System.nanoTime();
        AnvilChain chain = AnvilChain.startFromState(state, history);
        System.out.printf("history: %,d transfers, %,d odd logs, %,d holders, blocks %d..%d (loaded from the cache in %.1f s)%n",
                history.transfers(), history.oddLogs(), history.holders(), history.deployBlock(), history.lastBlock(),
                (System.nanoTime() - started) / 1e9);
        return chain;
    }

    private static String digest() throws IOException {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(Files.readAllBytes(Path.of("e2e", "history.mjs")));
            sha.update(Files.readAllBytes(Path.of("e2e", "contracts", "TestToken.sol")));
            sha.update(Files.readAllBytes(Path.of("e2e", "package-lock.json")));
            return HexFormat.of().formatHex(sha.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Builds (or checks) the cache without benchmarking: {@code BenchHistory CACHE_DIR TRANSFERS}. */
    public static void main(String[] args) throws IOException {
        try (AnvilChain chain = open(Path.of(args[0]), Integer.parseInt(args[1]))) {
            System.out.println("history: anvil at " + chain.rpcUrl() + ", head " + chain.blockNumber());
        }
    }
}
