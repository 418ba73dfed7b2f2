package io.usdetracker.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An HTTP proxy in front of a source (anvil's JSON-RPC, or the Etherscan stand-in) that answers a share of the
 * calls with a fault instead: a rate-limit answer (HTTP 429 for JSON-RPC, Etherscan's status "0" body), a 5xx
 * HTML page, no answer before the client's time-out, or the real answer cut in the middle. Counts what it did.
 */
final class FaultProxy implements AutoCloseable {

    enum Fault {
        RATE_LIMIT, HTML_5XX, TIME_OUT, CUT_BODY
    }

    private static final String ETHERSCAN_RATE_LIMIT =
            "{\"status\":\"0\",\"message\":\"NOTOK\",\"result\":\"Max calls per sec rate limit reached (5/sec)\"}";

    private final HttpServer server;
    private final URI target;
    private final boolean etherscan;
    private final double share;
    private final Duration hold;
    private final Random random = new Random(20_000);
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final Map<Fault, AtomicLong> injected = new ConcurrentHashMap<>();
    private final AtomicLong calls = new AtomicLong();

    /** {@code target}: scheme, host and port the calls go on to, path and query kept. */
    FaultProxy(URI target, boolean etherscan, double share, Duration hold) throws IOException {
        this.target = target;
        this.etherscan = etherscan;
        this.share = share;
        this.hold = hold;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    /** The proxy's address for {@code original}: same path and query, this host and port. */
    String url(String original) {
        URI o = URI.create(original);
        return "http://127.0.0.1:" + server.getAddress().getPort() + (o.getRawPath() == null ? "" : o.getRawPath());
    }

    Map<Fault, Long> injected() {
        Map<Fault, Long> counts = new TreeMap<>();
        for (Fault f : Fault.values()) {
            counts.put(f, injected.getOrDefault(f, new AtomicLong()).get());
        }
        return counts;
    }

    long calls() {
        return calls.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        calls.incrementAndGet();
        Fault fault = pick();
        try (exchange) {
            if (fault == Fault.RATE_LIMIT) {
                respond(exchange, etherscan ? 200 : 429, etherscan ? ETHERSCAN_RATE_LIMIT : "Too Many Requests", "application/json");
                return;
            }
            if (fault == Fault.HTML_5XX) {
                respond(exchange, 502, "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>",
                        "text/html");
                return;
            }
            if (fault == Fault.TIME_OUT) {
                Thread.sleep(hold.toMillis());
                return;
            }
            byte[] body = forward(exchange);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body, 0, fault == Fault.CUT_BODY ? body.length / 2 : body.length);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized Fault pick() {
        if (random.nextDouble() >= share) {
            return null;
        }
        Fault fault = Fault.values()[random.nextInt(Fault.values().length)];
        injected.computeIfAbsent(fault, f -> new AtomicLong()).incrementAndGet();
        return fault;
    }

    private byte[] forward(HttpExchange exchange) throws IOException, InterruptedException {
        URI uri = URI.create(target.getScheme() + "://" + target.getAuthority() + exchange.getRequestURI());
        byte[] requestBody = exchange.getRequestBody().readAllBytes();
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
        if (exchange.getRequestMethod().equals("POST")) {
            request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(requestBody));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray()).body();
    }

    private static void respond(HttpExchange exchange, int status, String body, String type) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
