package io.usdetracker.source.etherscan;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/**
 * What an Etherscan body means. Etherscan answers errors with HTTP 200 and {@code status:"0"}, so the body is
 * read, not the HTTP code; the same envelope also comes back from the proxy module in place of a JSON-RPC reply.
 */
enum EtherscanAnswer {
    /** Records, or a proxy result. */
    OK,
    /** "No records found": an empty success. */
    EMPTY,
    /** A rate-limit body: wait and send the same call again. */
    RATE_LIMITED,
    /** The range holds too much (result window, query time-out): ask for fewer blocks. */
    NARROW,
    /** The key or the chain is wrong: no retry can help. */
    CONFIGURATION,
    /** Anything else Etherscan calls an error: retried a few times, then the tick gives up. */
    ERROR;

    static EtherscanAnswer of(JsonNode body) {
        JsonNode status = body.get("status");
        if (status == null) {
            return body.has("error") || !body.has("result") ? ERROR : OK;
        }
        if ("1".equals(status.asText())) {
            return OK;
        }
        String message = body.path("message").asText("");
        if (message.toLowerCase(Locale.ROOT).startsWith("no records found")) {
            return EMPTY;
        }
        String result = body.path("result").isTextual() ? body.path("result").asText() : message;
        String text = result.toLowerCase(Locale.ROOT);
        if (text.contains("rate limit")) {
            return RATE_LIMITED;
        }
        if (text.contains("invalid api key") || text.contains("missing or unsupported chainid")
                || text.contains("too many invalid api key") || text.contains("missing/invalid api key")
                || text.contains("invalid chain")) {
            return CONFIGURATION;
        }
        if (text.contains("result window is too large") || text.contains("query timeout")
                || text.contains("smaller result dataset") || text.contains("block range")) {
            return NARROW;
        }
        return ERROR;
    }

    /** The human part of an error body: the {@code result} text when there is one, else the message. */
    static String reason(JsonNode body) {
        JsonNode result = body.get("result");
        if (result != null && result.isTextual()) {
            return result.asText();
        }
        if (body.has("error")) {
            return body.get("error").toString();
        }
        return body.path("message").asText("unexpected answer");
    }
}
