package io.usdetracker.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * An open-loop HTTP load client for bench/api: sends GETs at a fixed rate whatever the server's pace, and
 * measures each latency from the moment the request was due (not when it was sent), so that a stalled server
 * shows in the percentiles instead of lowering the rate. Prints one line of figures.
 *
 * <pre>
 * java -cp target/test-classes io.usdetracker.bench.ApiLoad URL_TEMPLATE RATE SECONDS [ADDRESS_FILE]
 * </pre>
 * {@code {address}} in the template is replaced by a random line of ADDRESS_FILE for each request.
 */
public final class ApiLoad {

    private ApiLoad() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: ApiLoad URL_TEMPLATE RATE SECONDS [ADDRESS_FILE]   (-Dwarmup=SECONDS first, not counted)");
            System.exit(2);
        }
        String template = args[0];
        int rate = Integer.parseInt(args[1]);
        int seconds = Integer.parseInt(args[2]);
        int warmup = Integer.getInteger("warmup", 0);
        List<String> addresses = args.length > 3 ? Files.readAllLines(Path.of(args[3])).stream().filter(l -> !l.isBlank()).toList() : List.of();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        Random random = new Random(42);
        if (warmup > 0) {
            // the same client and connections as the measured run: its own JIT and connection set-up are not counted
            run(http, template, addresses, random, rate, warmup);
        }
        long start = System.nanoTime();
        Run measured = run(http, template, addresses, random, rate, seconds);
        double elapsed = (System.nanoTime() - start) / 1e9;
        long[] latencies = measured.latencies();
        int total = latencies.length;
        String stalls = stalls(latencies, rate);
        Arrays.sort(latencies);
        System.out.printf(Locale.ROOT, "%s: %d requests in %.1f s = %.0f req/s (target %d/s), errors %d, latency ms p50 %.2f p90 %.2f p99 %.2f p99.9 %.2f max %.2f%n",
                template.replace("{address}", "<address>"), total, elapsed, total / elapsed, rate, measured.errors(),
                ms(latencies, 0.50), ms(latencies, 0.90), ms(latencies, 0.99), ms(latencies, 0.999), latencies[total - 1] / 1e6);
        System.out.println("  " + stalls);
    }

    /** Latencies in the order the requests were due, and the count of failed or non-200 answers. */
    private record Run(long[] latencies, int errors) {
    }

    private static Run run(HttpClient http, String template, List<String> addresses, Random random, int rate, int seconds) {
        int total = rate * seconds;
        long[] latencies = new long[total];
        AtomicInteger errors = new AtomicInteger();
        CompletableFuture<?>[] pending = new CompletableFuture<?>[total];
        long intervalNanos = 1_000_000_000L / rate;
        long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long due = start + i * intervalNanos;
            LockSupport.parkNanos(due - System.nanoTime());
            String url = addresses.isEmpty() ? template : template.replace("{address}", addresses.get(random.nextInt(addresses.size())));
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build();
            int index = i;
            pending[i] = http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).handle((response, failure) -> {
                latencies[index] = System.nanoTime() - due;
                if (failure != null || response.statusCode() != 200) {
                    errors.incrementAndGet();
                }
                return null;
            });
        }
        CompletableFuture.allOf(pending).join();
        return new Run(latencies, errors.get());
    }

    private static double ms(long[] sorted, double quantile) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)] / 1e6;
    }

    /**
     * Where the slow requests were in time: whether the tail comes from a few stalls (a pause of the server, of
     * the machine or of this client) or is spread over the whole run.
     */
    private static String stalls(long[] latenciesInOrder, int rate) {
        int seconds = (latenciesInOrder.length + rate - 1) / rate;
        StringBuilder worst = new StringBuilder();
        int slowSeconds = 0;
        for (int s = 0; s < seconds; s++) {
            long max = 0;
            int slow = 0;
            for (int i = s * rate; i < Math.min(latenciesInOrder.length, (s + 1) * rate); i++) {
                max = Math.max(max, latenciesInOrder[i]);
                slow += latenciesInOrder[i] > 50_000_000L ? 1 : 0;
            }
            if (slow > 0) {
                slowSeconds++;
                worst.append(String.format(Locale.ROOT, " s%d:%d(max %.0f ms)", s, slow, max / 1e6));
            }
        }
        return "seconds holding requests over 50 ms: " + slowSeconds + " of " + seconds + (slowSeconds > 0 ? " ->" + worst : "");
    }

}
