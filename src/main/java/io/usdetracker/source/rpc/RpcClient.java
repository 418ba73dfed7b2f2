package io.usdetracker.source.rpc;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.usdetracker.transfer.RawLog;
import io.usdetracker.source.Backoff;
import io.usdetracker.source.CallRateLimiter;
import io.usdetracker.source.SourceConfigurationException;
import io.usdetracker.source.SourceStats;
import io.usdetracker.source.SourceUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JSON-RPC over HTTP, one request (or one batch) at a time: paced by a calls-per-second limit, retried with
 * backoff on what passes (429, 5xx, time-outs, cut bodies, rate-limit errors). A node's refusal of the call
 * itself comes back as {@link RpcError} for the caller to judge. The URL is never logged: providers put their
 * key in it.
 */
public class RpcClient {

    private static final Logger LOG = LoggerFactory.getLogger(RpcClient.class);

    /** One call of a batch. */
    public record Call(String method, Object... params) {
    }

    private final URI url;
    private final String shownAs;
    private final CallRateLimiter limiter;
    private final SourceStats stats;
    private final Duration timeout;
    private final int maxAttempts;
    private final Backoff backoff;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();

    public RpcClient(URI url, double callsPerSecond, SourceStats stats, Duration timeout, int maxAttempts,
                     Duration firstBackoff, BooleanSupplier stopping) {
        this.url = url;
        this.shownAs = shown(url);
        this.limiter = new CallRateLimiter(callsPerSecond);
        this.stats = stats;
        this.timeout = timeout;
        this.maxAttempts = maxAttempts;
        this.backoff = new Backoff(firstBackoff, stopping, LOG);
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** The node's address as logs show it: scheme, host and port, no path or query (where keys live). */
    public static String shown(URI url) {
        return url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort());
    }

    public String shownAs() {
        return shownAs;
    }

    /** One call other than {@code eth_getLogs}; its result (possibly JSON null). */
    public JsonNode call(String method, Object... params) {
        return (JsonNode) batch(List.of(new Call(method, params))).get(0);
    }

    /**
     * Several calls in one HTTP request, results in the calls' order: a tree each, but for {@code eth_getLogs},
     * whose list of logs is read straight into {@link RawLog}s (a {@code List<RawLog>}) when it is a list.
     *
     * @throws RpcError the first refusal among the answers, when it is not a rate limit
     */
    public List<Object> batch(List<Call> calls) {
        String what = calls.get(0).method() + (calls.size() > 1 ? " (+" + (calls.size() - 1) + ")" : "");
        String lastProblem = "no attempt";
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            if (attempt > 1) {
                backoff.before(attempt, "JSON-RPC " + what + " at " + shownAs, lastProblem);
            }
            try {
                CallRateLimiter.Started started = limiter.acquire();
                InputStream answer;
                try {
                    answer = send(calls);
                } finally {
                    started.answered();
                }
                List<Object> results = results(answer, calls);
                stats.ok();
                return results;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SourceUnavailableException("interrupted while calling " + shownAs);
            } catch (RateLimited e) {
                stats.rateLimited();
                lastProblem = "rate limited: " + e.getMessage();
            } catch (TransientFailure e) {
                stats.error();
                lastProblem = e.getMessage();
            }
        }
        throw new SourceUnavailableException("JSON-RPC " + what + " at " + shownAs + " failed " + maxAttempts
                + " times, last: " + lastProblem);
    }

    /**
     * Sends the calls; the body of a 200 answer as a stream, read by {@link #results} as it arrives (an answer of
     * 10,000 logs is about 8 MB, which collecting into one array would have held twice).
     */
    private InputStream send(List<Call> calls) throws InterruptedException, TransientFailure, RateLimited {
        ArrayNode body = json.createArrayNode();
        for (int i = 0; i < calls.size(); i++) {
            ObjectNode request = body.addObject();
            request.put("jsonrpc", "2.0");
            request.put("id", i);
            request.put("method", calls.get(i).method());
            request.set("params", json.valueToTree(calls.get(i).params()));
        }
        JsonNode payload = calls.size() == 1 ? body.get(0) : body;
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(payload.toString())).build();
        HttpResponse<InputStream> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (ConnectException e) {
            throw new TransientFailure("cannot connect to " + shownAs);
        } catch (HttpTimeoutException e) {
            throw new TransientFailure("no answer within " + timeout.toSeconds() + " s");
        } catch (IOException e) {
            throw new TransientFailure(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        int status = response.statusCode();
        if (status != 200) {
            discard(response.body());
        }
        if (status == 401 || status == 403) {
            stats.error();
            throw new SourceConfigurationException("the node at " + shownAs + " refused access (HTTP " + status
                    + "): check the key in RPC_URL");
        }
        if (status == 429) {
            throw new RateLimited("HTTP 429");
        }
        if (status != 200) {
            throw new TransientFailure("HTTP " + status);
        }
        return response.body();
    }

    private static void discard(InputStream body) {
        try (body) {
            body.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            // the connection is dropped with it; the status decides what happens next
        }
    }

    /** The answers of a body (one answer, or a batch's list of them in any order) by their ids. */
    private List<Object> results(InputStream body, List<Call> calls) throws TransientFailure, RateLimited {
        Object[] byId = new Object[calls.size()];
        try (body; JsonParser parser = json.createParser(body)) {
            JsonToken first = parser.nextToken();
            if (first == JsonToken.START_ARRAY) {
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
                    if (t == JsonToken.START_OBJECT) {
                        answer(parser, calls, byId);
                    } else {
                        parser.skipChildren();
                    }
                }
            } else if (first == JsonToken.START_OBJECT) {
                answer(parser, calls, byId);
            }
        } catch (IOException e) {
            throw new TransientFailure("unreadable body (" + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + ")");
        }
        List<Object> results = new ArrayList<>(calls.size());
        for (int i = 0; i < calls.size(); i++) {
            if (byId[i] == null) {
                throw new TransientFailure("answer " + i + " of " + calls.size() + " missing");
            }
            results.add(byId[i]);
        }
        return results;
    }

    /**
     * One answer object: a refusal is thrown as soon as it is whole; a result is kept under its id. Nodes write the id
     * before the result, so the logs of an {@code eth_getLogs} are read one by one; a result seen before its id is
     * read as a tree and its logs taken from that.
     */
    private void answer(JsonParser parser, List<Call> calls, Object[] byId) throws IOException, RateLimited {
        int id = -1;
        Object result = null;
        JsonNode error = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (field) {
                case "id" -> {
                    id = value.isScalarValue() ? parser.getValueAsInt(-1) : -1;
                    parser.skipChildren();
                }
                case "error" -> error = parser.readValueAsTree();
                case "result" -> result = value == JsonToken.START_ARRAY && isLogs(calls, id) ? logs(parser)
                        : value == JsonToken.VALUE_NULL ? NullNode.getInstance() : parser.readValueAsTree();
                default -> parser.skipChildren();
            }
        }
        if (error != null && !error.isNull()) {
            String message = error.path("message").asText("");
            String lower = message.toLowerCase(Locale.ROOT);
            if (lower.contains("rate limit") || lower.contains("too many requests") || lower.contains("capacity")) {
                throw new RateLimited(message);
            }
            throw new RpcError(error.path("code").asInt(), message);
        }
        if (id >= 0 && id < calls.size() && result != null) {
            byId[id] = result instanceof JsonNode tree && tree.isArray() && isLogs(calls, id) ? logs(tree) : result;
        }
    }

    private static boolean isLogs(List<Call> calls, int id) {
        return id >= 0 && id < calls.size() && "eth_getLogs".equals(calls.get(id).method());
    }

    private static List<RawLog> logs(JsonParser parser) throws IOException {
        List<RawLog> logs = new ArrayList<>();
        RawLog previous = null;
        for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
            previous = t == JsonToken.START_OBJECT ? RawLog.read(parser, previous) : RawLog.of(parser.readValueAsTree());
            logs.add(previous);
        }
        return logs;
    }

    private static List<RawLog> logs(JsonNode tree) {
        List<RawLog> logs = new ArrayList<>(tree.size());
        tree.forEach(node -> logs.add(RawLog.of(node)));
        return logs;
    }

    private static final class TransientFailure extends Exception {
        TransientFailure(String message) {
            super(message, null, false, false);
        }
    }

    private static final class RateLimited extends Exception {
        RateLimited(String message) {
            super(message, null, false, false);
        }
    }
}
