package io.usdetracker.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The decoder against real mainnet logs and ethereum-etl's independent decoding of them. */
class TransferDecoderRealDataTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void decodesEveryErc20TransferOfTwoMainnetBlocksAndQuarantinesTheErc721Ones() throws IOException {
        List<RawLog> logs = etherscanLogs();
        Map<String, JsonNode> expected = expectedTransfers();
        assertThat(logs).hasSize(291);

        List<Transfer> transfers = new ArrayList<>();
        List<Quarantined> quarantined = new ArrayList<>();
        for (RawLog log : logs) {
            DecodedLog decoded = new TransferDecoder(log.address()).decode(log);
            if (decoded instanceof Transfer t) {
                transfers.add(t);
            } else {
                quarantined.add((Quarantined) decoded);
            }
        }

        assertThat(transfers).hasSize(282);
        assertThat(quarantined).hasSize(9)
                .allSatisfy(q -> assertThat(q.reason()).contains("4 topics"));
        for (Transfer t : transfers) {
            JsonNode e = expected.get(t.txHash() + ":" + t.logIndex());
            assertThat(e).as("ethereum-etl decoding of %s:%d", t.txHash(), t.logIndex()).isNotNull();
            assertThat("0x" + t.from()).isEqualTo(e.get("from_address").asText());
            assertThat("0x" + t.to()).isEqualTo(e.get("to_address").asText());
            assertThat(t.amount()).isEqualTo(e.get("value").bigIntegerValue());
            assertThat(t.block()).isEqualTo(e.get("block_number").asLong());
        }
    }

    @Test
    void netDeltasPerHolderEqualTheRecordedOnesForWethUsdtAndUsdc() throws IOException {
        Map<String, BigInteger> expected = new TreeMap<>();
        try (BufferedReader in = reader("realdata/mainnet_17173049-17173050_net_balance_deltas_weth_usdt_usdc.csv")) {
            in.readLine();
            for (String line; (line = in.readLine()) != null; ) {
                String[] cells = line.split(",");
                expected.put(cells[0] + "/" + cells[1], new BigInteger(cells[2]));
            }
        }
        Map<String, BigInteger> actual = new TreeMap<>();
        for (RawLog log : etherscanLogs()) {
            String token = log.address().toLowerCase();
            if (!expected.keySet().stream().anyMatch(k -> k.startsWith(token + "/"))) {
                continue;
            }
            if (new TransferDecoder(token).decode(log) instanceof Transfer t) {
                actual.merge(token + "/0x" + t.from(), t.amount().negate(), BigInteger::add);
                actual.merge(token + "/0x" + t.to(), t.amount(), BigInteger::add);
            }
        }
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void readsTheGethShapeOfTheSameLogsIdentically() throws IOException {
        List<RawLog> geth = read("realdata/mainnet_17173049-17173050_transfer_logs_all_tokens.eth_getLogs_shape.json");
        List<RawLog> etherscan = etherscanLogs();
        assertThat(geth).hasSize(etherscan.size());
        for (int i = 0; i < geth.size(); i++) {
            TransferDecoder decoder = new TransferDecoder(geth.get(i).address());
            assertThat(decoder.decode(geth.get(i))).usingRecursiveComparison().ignoringFields("log")
                    .isEqualTo(decoder.decode(etherscan.get(i)));
        }
    }

    static List<RawLog> etherscanLogs() throws IOException {
        return read("realdata/mainnet_17173049-17173050_transfer_logs_all_tokens.etherscan_shape.json");
    }

    private static List<RawLog> read(String resource) throws IOException {
        try (InputStream in = resource(resource)) {
            return JSON.convertValue(JSON.readTree(in).get("result"), new TypeReference<List<RawLog>>() { });
        }
    }

    private static Map<String, JsonNode> expectedTransfers() throws IOException {
        Map<String, JsonNode> byPosition = new HashMap<>();
        try (BufferedReader in = reader("realdata/ethereum-etl_mainnet_17173049-17173050_token_transfers.jsonl")) {
            for (String line; (line = in.readLine()) != null; ) {
                JsonNode node = JSON.readTree(line);
                byPosition.put(node.get("transaction_hash").asText().substring(2) + ":" + node.get("log_index").asInt(), node);
            }
        }
        return byPosition;
    }

    private static BufferedReader reader(String resource) {
        return new BufferedReader(new InputStreamReader(resource(resource), StandardCharsets.UTF_8));
    }

    private static InputStream resource(String name) {
        return TransferDecoderRealDataTest.class.getClassLoader().getResourceAsStream(name);
    }
}
