package io.usdetracker.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.usdetracker.support.EtherscanFake;
import io.usdetracker.support.SyntheticLogs;
import io.usdetracker.support.TrackerApp;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The dashboard in headless Chromium (e2e/dashboard-check.mjs, playwright-core) over a tracker filled by the
 * real pipeline: no console errors, the figures of /api/stats, a lookup that finds a known holder, a phone-sized
 * screen. Screenshots land in target/dashboard.png and target/dashboard-phone.png.
 */
class DashboardBrowserIT {

    @Test
    void theDashboardShowsTheApisFiguresAndFindsAHolder() throws Exception {
        Path chromium = Path.of(System.getenv().getOrDefault("CHROMIUM_PATH", "/usr/bin/chromium"));
        assertThat(Files.isExecutable(chromium)).as(chromium + " is missing: apt-get install chromium (or set CHROMIUM_PATH)").isTrue();
        Path project = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
        assertThat(project.resolve("e2e/node_modules/playwright-core")).as("run `npm ci --prefix e2e` first").isDirectory();

        SyntheticLogs logs = plausibleHistory(5000, 5399);
        logs.addErc721Shaped(5100, 8);
        Map.Entry<String, BigInteger> holder = logs.balances().entrySet().stream()
                .filter(e -> !e.getKey().equals(SyntheticLogs.ZERO))
                .max(Map.Entry.comparingByValue()).orElseThrow();
        long head = 5400;
        try (EtherscanFake etherscan = new EtherscanFake("TESTKEY0123456789ABCDEF").chain(logs.logs(), head);
             TrackerApp app = new TrackerApp("dashboard", etherscan).with("START_BLOCK", "5000").start()) {
            TrackerApp.await("cursor at the head", Duration.ofMinutes(2), () -> app.cursor() >= head);
            TrackerApp.await("history at the cursor", Duration.ofMinutes(1),
                    () -> app.queryLong("SELECT COALESCE(max(last_block), -1) FROM history_cursor") >= head);
            Path screenshots = project.resolve("target");
            Files.deleteIfExists(screenshots.resolve("dashboard.png"));
            Process check = new ProcessBuilder(List.of("node", "e2e/dashboard-check.mjs", "--url", app.apiUrl(),
                    "--holder", "0x" + holder.getKey(), "--screenshots", screenshots.toString()))
                    .directory(project.toFile()).redirectErrorStream(true).start();
            boolean ended = check.waitFor(3, TimeUnit.MINUTES);
            if (!ended) {
                check.destroyForcibly();
            }
            String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            System.out.println("dashboard-check: " + output);
            assertThat(ended).as("dashboard-check ended within 3 minutes").isTrue();
            assertThat(check.exitValue()).as(output).isZero();
            assertThat(output).contains("\"ok\":true");
            assertThat(Files.size(screenshots.resolve("dashboard.png"))).isGreaterThan(10_000);
            assertThat(Files.size(screenshots.resolve("dashboard-phone.png"))).isGreaterThan(10_000);
        }
    }

    /** Mints now and then, and transfers of part of what the sender holds, so that the page looks like a token's. */
    private static SyntheticLogs plausibleHistory(long first, long last) {
        SyntheticLogs logs = new SyntheticLogs(5, 1);
        Random random = new Random(5);
        List<String> people = new ArrayList<>();
        for (int i = 1; i <= 60; i++) {
            people.add(String.format("%040x", BigInteger.valueOf(i).multiply(BigInteger.valueOf(0x9e3779b1L))));
        }
        BigInteger token = BigInteger.TEN.pow(18);
        for (long block = first; block <= last; block++) {
            int reached = Math.min(people.size(), 3 + (int) (block - first) / 7);
            if ((block - first) % 9 == 0) {
                logs.add(block, 0, SyntheticLogs.ZERO, people.get(random.nextInt(reached)),
                        token.multiply(BigInteger.valueOf(100_000 + random.nextInt(5_000_000))));
            }
            for (int i = 1; i <= 2; i++) {
                String from = people.get(random.nextInt(reached));
                BigInteger held = logs.balances().getOrDefault(from, BigInteger.ZERO);
                if (held.signum() > 0) {
                    logs.add(block, i, from, people.get(random.nextInt(reached)),
                            held.multiply(BigInteger.valueOf(1 + random.nextInt(40))).divide(BigInteger.valueOf(100)));
                }
            }
        }
        return logs;
    }
}
