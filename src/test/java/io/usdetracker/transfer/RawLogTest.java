package io.usdetracker.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading a log from the token stream gives the record reading it from the parsed tree gives. */
class RawLogTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void realMainnetLogsOfBothSourceShapesReadAlikeFromTheStreamAndFromTheTree() throws IOException {
        for (String shape : List.of("etherscan_shape", "eth_getLogs_shape")) {
            byte[] body = resource("realdata/mainnet_17173049-17173050_transfer_logs_all_tokens." + shape + ".json");
            List<RawLog> fromTree = new ArrayList<>();
            JSON.readTree(body).get("result").forEach(node -> fromTree.add(RawLog.of(node)));

            List<RawLog> streamed = streamedResult(body);

            assertThat(streamed).as(shape).hasSize(291).isEqualTo(fromTree);
            for (int i = 1; i < streamed.size(); i++) {
                RawLog log = streamed.get(i);
                RawLog before = streamed.get(i - 1);
                if (log.blockHash().equals(before.blockHash())) {
                    assertThat(log.blockHash()).as("a repeated text is the string read before").isSameAs(before.blockHash());
                    assertThat(log.topics().get(0)).isSameAs(before.topics().get(0));
                }
            }
        }
    }

    @Test
    void oddValuesReadAlikeFromTheStreamAndFromTheTree() throws IOException {
        String body = """
                {"result": [
                  {"address": 12, "topics": ["0xdd", null, 7, {"x": 1}], "data": {"nested": [1, 2]}, "blockNumber": 1e2,
                   "blockHash": null, "blockTimestamp": "0x5", "logIndex": true, "transactionHash": "0xbb",
                   "removed": "true", "extra": {"deep": [{"a": null}]}},
                  {"topics": "0xdd", "timeStamp": "0x6", "blockTimestamp": "0x5", "removed": 1},
                  {"topics": null, "removed": null, "logIndex": "0x1", "logIndex": "0x2"},
                  {"removed": false, "data": ""},
                  {}
                ]}""";
        List<RawLog> fromTree = new ArrayList<>();
        JSON.readTree(body).get("result").forEach(node -> fromTree.add(RawLog.of(node)));

        List<RawLog> streamed = streamedResult(body.getBytes());

        assertThat(streamed).isEqualTo(fromTree);
        assertThat(streamed.get(0).timeStamp()).isEqualTo("0x5");
        assertThat(streamed.get(1).timeStamp()).isEqualTo("0x6");
        assertThat(streamed.get(1).isRemoved()).isTrue();
        assertThat(streamed.get(2).logIndex()).isEqualTo("0x2");
        assertThat(streamed.get(2).topics()).isNull();
    }

    private static List<RawLog> streamedResult(byte[] body) throws IOException {
        List<RawLog> logs = new ArrayList<>();
        try (JsonParser parser = JSON.createParser(body)) {
            while (parser.nextToken() != JsonToken.START_ARRAY) {
                // up to the result's list
            }
            RawLog previous = null;
            while (parser.nextToken() == JsonToken.START_OBJECT) {
                previous = RawLog.read(parser, previous);
                logs.add(previous);
            }
        }
        return logs;
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = RawLogTest.class.getClassLoader().getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }
}
