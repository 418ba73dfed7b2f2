package io.usdetracker.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.usdetracker.support.TrackerApp;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The API against the token itself: a tracker following an OpenZeppelin ERC-20 on anvil through JSON-RPC, its
 * decimals read with eth_call through the node, and every balance it gives at every block of the history
 * (?block=N) equal to the token's own balanceOf at that block.
 */
class ApiOnAnvilIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void balancesAtEveryBlockEqualTheTokensBalanceOfThen() throws Exception {
        try (AnvilChain chain = AnvilChain.start(600, "api-history", 12);
             TrackerApp app = new TrackerApp("api_anvil")
                     .with("RPC_URL", chain.rpcUrl()).with("CHAIN_ID", "31337").with("RPC_CALLS_PER_SEC", "1000")
                     .with("USDE_ADDRESS", chain.token())
                     .with("START_BLOCK", Long.toString(chain.history().deployBlock()))
                     .start()) {
            long first = chain.history().deployBlock();
            long last = chain.history().lastBlock();
            TrackerApp.await("cursor at block " + last, Duration.ofMinutes(2), () -> app.cursor() >= last);

            JsonNode stats = get(app, "/api/stats");
            assertThat(stats.get("decimals").asInt()).as("decimals() of the OpenZeppelin token").isEqualTo(18);
            assertThat(stats.get("totalSupply").asText()).isEqualTo(chain.totalSupply(app.cursor()).toString());

            Set<String> addresses = chain.holdersFromLogs(last);
            assertThat(addresses).hasSizeGreaterThanOrEqualTo(10);
            int compared = 0;
            long positive = 0;
            for (String address : addresses) {
                // before its deployment the token has no code to ask: nothing was held then
                assertThat(get(app, "/api/balances/" + address + "?block=" + (first - 1)).get("balance").asText()).isEqualTo("0");
                for (long block = first; block <= last; block++) {
                    BigInteger expected = chain.balanceOf(address, block);
                    JsonNode answer = get(app, "/api/balances/" + address.toUpperCase().replace("0X", "0x") + "?block=" + block);
                    assertThat(answer.get("balance").asText()).as(address + " at block " + block).isEqualTo(expected.toString());
                    compared++;
                }
                if (chain.balanceOf(address, app.cursor()).signum() > 0) {
                    positive++;
                }
            }
            assertThat(get(app, "/api/stats").get("holders").asLong()).isEqualTo(positive);
            System.out.printf("api on anvil: %d balances compared with balanceOf over blocks %d..%d%n", compared, first, last);
        }
    }

    private JsonNode get(TrackerApp app, String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(app.apiUrl() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
