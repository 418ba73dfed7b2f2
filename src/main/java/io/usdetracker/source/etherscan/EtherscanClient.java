package io.usdetracker.source.etherscan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.usdetracker.config.Secret;
import io.usdetracker.source.Backoff;
import io.usdetracker.source.CallRateLimiter;
import io.usdetracker.source.SourceConfigurationException;
import io.usdetracker.source.SourceUnavailableException;
import io.usdetracker.source.SourceStats;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Etherscan v2 call at a time: paced by the plan's rate limit, retried with backoff on what passes
 * (rate-limit bodies, 5xx and HTML pages, time-outs, cut bodies), and never showing the key: every message
 * built here is scrubbed of it.
 */
public class EtherscanClient {

    private static final Logger LOG = LoggerFactory.getLogger(EtherscanClient.class);

    /** The range held too much: the caller narrows it. */
    static final class NarrowRangeException extends RuntimeException {
        NarrowRangeException(String message) {
            super(message);
        }
    }

    private final URI endpoint;
    private final Secret apiKey;
    private final long chainId;
    private final CallRateLimiter limiter;
    private final SourceStats stats;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();
    private final Duration timeout;
    private final int maxAttempts;
    private final Backoff backoff;
    private volatile boolean keyWarningShown;

    public EtherscanClient(URI endpoint, Secret apiKey, long chainId, double callsPerSecond, SourceStats stats,
                           Duration timeout, int maxAttempts, Duration firstBackoff, BooleanSupplier stopping) {
        this.endpoint = endpoint;
        this.apiKey = apiKey;
        this.chainId = chainId;
        this.limiter = new CallRateLimiter(callsPerSecond);
        this.stats = stats;
        this.timeout = timeout;
        this.maxAttempts = maxAttempts;
        this.backoff = new Backoff(firstBackoff, stopping, LOG);
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /**
     * Sends the call until it gets a usable answer.
     *
     * @return the body, with {@code status} "1" or a proxy result, or null for "No records found"
     * @throws NarrowRangeException when Etherscan says the range holds too much
     * @throws SourceConfigurationException when the key or the chain is refused
     * @throws SourceUnavailableException when every attempt failed in a passing way
     */
    JsonNode call(Map<String, String> params) {
        String what = params.getOrDefault("action", "call");
        String lastProblem = "no attempt";
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            if (attempt > 1) {
                backoff.before(attempt, "Etherscan " + what, lastProblem);
            }
            JsonNode body;
            try {
                CallRateLimiter.Started started = limiter.acquire();
                try {
                    body = send(params);
                } finally {
                    started.answered();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SourceUnavailableException("interrupted while calling Etherscan " + what);
            } catch (TransientFailure e) {
                stats.error();
                lastProblem = apiKey == null ? e.getMessage() : apiKey.scrub(e.getMessage());
                continue;
            }
            switch (EtherscanAnswer.of(body)) {
                case OK -> {
                    stats.ok();
                    warnOnKeyWarning(body);
                    return body;
                }
                case EMPTY -> {
                    stats.empty();
                    return null;
                }
                case RATE_LIMITED -> {
                    stats.rateLimited();
                    lastProblem = "rate limited: " + EtherscanAnswer.reason(body);
                }
                case NARROW -> {
                    stats.ok();
                    throw new NarrowRangeException(scrub(EtherscanAnswer.reason(body)));
                }
                case CONFIGURATION -> {
                    stats.error();
                    throw new SourceConfigurationException("Etherscan refused the configuration: "
                            + scrub(EtherscanAnswer.reason(body))
                            + " (check ETHERSCAN_API_KEY " + maskedKey() + " and CHAIN_ID=" + chainId + ")");
                }
                default -> {
                    stats.error();
                    lastProblem = "error answer: " + scrub(EtherscanAnswer.reason(body));
                }
            }
        }
        throw new SourceUnavailableException("Etherscan " + what + " failed " + maxAttempts + " times, last: " + lastProblem);
    }

    private JsonNode send(Map<String, String> params) throws InterruptedException, TransientFailure {
        HttpRequest request = HttpRequest.newBuilder(uri(params)).timeout(timeout).GET().build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (java.net.ConnectException e) {
            throw new TransientFailure("cannot connect to " + endpoint.getAuthority());
        } catch (java.net.http.HttpTimeoutException e) {
            throw new TransientFailure("no answer within " + timeout.toSeconds() + " s");
        } catch (IOException e) {
            throw new TransientFailure(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        int status = response.statusCode();
        if (status == 429 || status >= 500) {
            throw new TransientFailure("HTTP " + status);
        }
        if (status != 200) {
            throw new TransientFailure("HTTP " + status);
        }
        try {
            JsonNode body = json.readTree(response.body());
            if (body == null || !body.isObject()) {
                throw new TransientFailure("body is not a JSON object");
            }
            return body;
        } catch (JsonProcessingException e) {
            throw new TransientFailure("unreadable body (" + response.body().length + " bytes): " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new TransientFailure("unreadable body: " + e.getMessage());
        }
    }

    private URI uri(Map<String, String> params) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("chainid", Long.toString(chainId));
        all.putAll(params);
        if (apiKey != null) {
            all.put("apikey", apiKey.value());
        }
        StringJoiner query = new StringJoiner("&");
        all.forEach((k, v) -> query.add(k + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        String base = endpoint.toString();
        return URI.create(base + (base.contains("?") ? "&" : "?") + query);
    }



    private void warnOnKeyWarning(JsonNode body) {
        String message = body.path("message").asText("");
        if (!keyWarningShown && message.startsWith("OK-")) {
            keyWarningShown = true;
            LOG.warn("Etherscan accepted calls with a warning: '{}'; check ETHERSCAN_API_KEY", scrub(message));
        }
    }

    private String scrub(String text) {
        return apiKey == null ? text : apiKey.scrub(text);
    }

    private String maskedKey() {
        return apiKey == null ? "(not set)" : apiKey.masked();
    }

    /** A failure that usually passes: retried. */
    private static final class TransientFailure extends Exception {
        TransientFailure(String message) {
            super(message, null, false, false);
        }
    }
}
