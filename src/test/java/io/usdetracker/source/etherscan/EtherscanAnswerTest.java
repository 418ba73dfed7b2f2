package io.usdetracker.source.etherscan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Etherscan's documented and observed bodies (realdata/etherscan_reference_samples.json) read as they mean. */
class EtherscanAnswerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyReferenceBodyIsReadAsItMeans() throws IOException {
        Map<String, EtherscanAnswer> expected = new HashMap<>();
        expected.put("etherscan_v2_getLogs_ok", EtherscanAnswer.OK);
        expected.put("etherscan_v1_getLogs_ok_classic", EtherscanAnswer.OK);
        expected.put("etherscan_v2_proxy_eth_blockNumber", EtherscanAnswer.OK);
        expected.put("etherscan_error_rate_limit", EtherscanAnswer.RATE_LIMITED);
        expected.put("etherscan_error_rate_limit_short", EtherscanAnswer.RATE_LIMITED);
        expected.put("etherscan_missing_key_ok_throttled", EtherscanAnswer.OK);
        expected.put("etherscan_error_invalid_key", EtherscanAnswer.CONFIGURATION);
        expected.put("etherscan_error_too_many_invalid_key", EtherscanAnswer.CONFIGURATION);
        expected.put("etherscan_error_missing_chainid_text_only", EtherscanAnswer.CONFIGURATION);
        expected.put("etherscan_error_missing_action_text_only", EtherscanAnswer.ERROR);
        expected.put("etherscan_error_query_timeout_text_only", EtherscanAnswer.NARROW);
        expected.put("etherscan_no_records", EtherscanAnswer.EMPTY);
        expected.put("etherscan_error_result_window", EtherscanAnswer.NARROW);
        expected.put("etherscan_error_block_range", EtherscanAnswer.NARROW);
        expected.put("jsonrpc_getLogs_too_many_results", EtherscanAnswer.ERROR);

        int checked = 0;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("realdata/etherscan_reference_samples.json")) {
            for (JsonNode sample : JSON.readTree(in)) {
                String kind = sample.get("kind").asText();
                JsonNode body = sample.get("body");
                if (body == null || body.isNull()) {
                    body = JSON.createObjectNode().put("status", "0").put("message", "NOTOK").put("result", sample.get("text").asText());
                }
                assertThat(EtherscanAnswer.of(body)).as(kind).isEqualTo(expected.get(kind));
                checked++;
            }
        }
        assertThat(checked).isEqualTo(16);
    }

    @Test
    void theReasonIsTheResultTextOrElseTheMessage() throws IOException {
        assertThat(EtherscanAnswer.reason(JSON.readTree("{\"status\":\"0\",\"message\":\"NOTOK\",\"result\":\"Invalid API Key\"}")))
                .isEqualTo("Invalid API Key");
        assertThat(EtherscanAnswer.reason(JSON.readTree("{\"status\":\"0\",\"message\":\"Result window is too large\",\"result\":null}")))
                .isEqualTo("Result window is too large");
    }
}
