package io.usdetracker.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.usdetracker.transfer.RawLog;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkCodecTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOPIC0 = "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef";

    @Test
    void realMainnetLogsOfBothSourceShapesComeBackFieldForField() throws IOException {
        for (String shape : List.of("etherscan_shape", "eth_getLogs_shape")) {
            List<RawLog> logs = read("realdata/mainnet_17173049-17173050_transfer_logs_all_tokens." + shape + ".json");
            ChunkMessage chunk = new ChunkMessage(42, 17173049, 17173050, logs);

            String text = ChunkCodec.encode(chunk);

            assertThat(ChunkCodec.decode(text)).as(shape).isEqualTo(chunk);
            assertThat(text.length()).as(shape + ": less than half the JSON form, although these logs are of many tokens")
                    .isLessThan(JSON.writeValueAsString(chunk).length() / 2);
        }
    }

    @Test
    void anyTextASourceSendsSurvivesEvenSeparatorsEscapesAndTheRepeatMark() {
        List<RawLog> logs = List.of(
                log("0x1", "a\tb\nc\rd\\e", "=", "\\0", "", true, list(TOPIC0, "=", "\\=")),
                log("0x1", "a\tb\nc\rd\\e", "==", "\\0", "x=y", false, list(TOPIC0, "=x", null)),
                log(null, null, null, null, null, null, null),
                log("0x2", "h", "=", "=", "=", null, List.of()),
                log("0x2", "h", "=", "=", "=", null, list(TOPIC0)));
        ChunkMessage chunk = new ChunkMessage(7, 1, 2, logs);

        assertThat(ChunkCodec.decode(ChunkCodec.encode(chunk))).isEqualTo(chunk);
    }

    @Test
    void aFieldLikeTheOneBeforeIsWrittenOnceAndReadAsTheSameText() {
        RawLog first = log("0x10", "0xaa", "0x1", "0xbb", "0x0", false, list(TOPIC0, "0x01", "0x02"));
        RawLog second = log("0x10", "0xaa", "0x1", "0xbb", "0x1", false, list(TOPIC0, "0x01", "0x03"));

        String text = ChunkCodec.encode(new ChunkMessage(1, 16, 16, List.of(first, second)));

        assertThat(text.split("\n")[2]).isEqualTo("=\t=\t=\t=\t0x1\t=\t=\t=\t3\t=\t=\t0x03");
    }

    @Test
    void aChunkQueuedAsJsonByTheEarlierVersionIsStillRead() throws IOException {
        ChunkMessage chunk = new ChunkMessage(9, 100, 101,
                List.of(log("0x64", "0xaa", "0x5f5e100", "0xbb", "0x2", false, list(TOPIC0, "0x01", "0x02"))));

        assertThat(ChunkCodec.decode(JSON.writeValueAsString(chunk))).isEqualTo(chunk);
    }

    @Test
    void theHeaderSaysHowManyLogsFollow() throws IOException {
        ChunkMessage chunk = new ChunkMessage(1, 1, 1, List.of(log("0x1", "0xaa", "0x1", "0xbb", "0x0", false, list(TOPIC0)),
                log("0x1", "0xaa", "0x1", "0xbb", "0x1", false, list(TOPIC0))));

        assertThat(ChunkCodec.count(ChunkCodec.encode(chunk))).isEqualTo(2);
        assertThat(ChunkCodec.count(JSON.writeValueAsString(chunk))).isZero();
        assertThat(ChunkCodec.count("usde-chunk 1\t1\t1\t1\tmany\n")).isZero();
    }

    @Test
    void anEmptyChunkHasItsRangeAndNoLogs() {
        ChunkMessage empty = new ChunkMessage(3, 10, 20, List.of());

        assertThat(ChunkCodec.decode(ChunkCodec.encode(empty))).isEqualTo(empty);
    }

    @Test
    void aDamagedMessageIsRefusedWithTheReasonRatherThanReadAsSomethingElse() {
        String good = ChunkCodec.encode(new ChunkMessage(1, 1, 1,
                List.of(log("0x1", "0xaa", "0x1", "0xbb", "0x0", false, list(TOPIC0)))));
        String[] lines = good.split("\n");

        assertThatThrownBy(() -> ChunkCodec.decode("hello")).hasMessageContaining("not a chunk message");
        assertThatThrownBy(() -> ChunkCodec.decode(good.substring(0, good.length() - 5))).hasMessageContaining("cut");
        assertThatThrownBy(() -> ChunkCodec.decode(lines[0] + "\n" + lines[1].substring(0, lines[1].lastIndexOf('\t')) + "\n"))
                .hasMessageContaining("fewer fields");
        assertThatThrownBy(() -> ChunkCodec.decode(lines[0] + "\n" + lines[1].replace("\t0x0\t", "\t") + "\n"))
                .hasMessageContaining("where a count or block number belongs");
        assertThatThrownBy(() -> ChunkCodec.decode(good + lines[1] + "\n")).hasMessageContaining("more than the 1 logs");
        assertThatThrownBy(() -> ChunkCodec.decode(lines[0] + "\n=" + lines[1].substring(3) + "\n"))
                .hasMessageContaining("nothing before it");
        assertThatThrownBy(() -> ChunkCodec.decode(good.replace("0xaa", "0xa\\q"))).hasMessageContaining("unknown escape");
        assertThatThrownBy(() -> ChunkCodec.decode("{\"chunk\": ")).hasMessageContaining("unreadable JSON");
    }

    private static RawLog log(String block, String blockHash, String time, String tx, String index, Boolean removed,
                              List<String> topics) {
        return new RawLog(block == null ? null : "0xtoken", topics, block == null ? null : "0xdata", block, blockHash,
                time, index, tx, removed);
    }

    private static List<String> list(String... values) {
        return new ArrayList<>(Arrays.asList(values));
    }

    private static List<RawLog> read(String resource) throws IOException {
        try (InputStream in = ChunkCodecTest.class.getClassLoader().getResourceAsStream(resource)) {
            return JSON.convertValue(JSON.readTree(in).get("result"), new TypeReference<List<RawLog>>() { });
        }
    }
}
