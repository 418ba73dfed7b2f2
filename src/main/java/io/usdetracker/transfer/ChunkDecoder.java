package io.usdetracker.transfer;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.usdetracker.observe.StageTimers;
import io.usdetracker.queue.ChunkCodec;
import io.usdetracker.queue.ChunkMessage;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;

/**
 * The worker's Java step: a queued chunk in, the parameters of {@code apply_chunk.sql} out. Each transfer
 * becomes one compact JSON record (the SQL makes its two deltas); quarantined logs keep their raw form and
 * reason; each block seen keeps its hash and time once.
 */
public class ChunkDecoder {

    /** The exchange property holding when the apply statement started, for its stage timer. */
    public static final String APPLY_STARTED = "usdeApplyStarted";

    private final ObjectMapper json;
    private final TransferDecoder decoder;
    private final StageTimers stages;

    public ChunkDecoder(ObjectMapper json, String token, StageTimers stages) {
        this.json = json;
        this.decoder = new TransferDecoder(token);
        this.stages = stages;
    }

    /** parse-transfer's step: the message as taken off the queue in, apply_chunk.sql's parameters out. */
    public Map<String, Object> decode(String message, Exchange exchange) {
        long started = System.nanoTime();
        Applying applying = new Applying(ChunkCodec.count(message));
        ChunkCodec.Header header = ChunkCodec.read(message, applying::add);
        Map<String, Object> params = applying.params(header.chunk());
        stages.decoded(started);
        exchange.setProperty(APPLY_STARTED, System.nanoTime());
        return params;
    }

    public Map<String, Object> decode(ChunkMessage chunk) {
        Applying applying = new Applying(chunk.logs().size());
        chunk.logs().forEach(applying::add);
        return applying.params(chunk.chunk());
    }

    /** A chunk's parameters as its logs are decoded one by one: only a block's first log is kept, for its hash. */
    private final class Applying {
        private final StringBuilder transfers;
        private final StringWriter quarantined = new StringWriter().append('[');
        private final Map<Long, RawLog> blocks = new LinkedHashMap<>();
        private int transferCount;
        private int quarantineCount;

        /** {@code logs}: how many logs are coming, to size the transfers' text once (about 230 characters each). */
        Applying(int logs) {
            transfers = new StringBuilder(16 + logs * 232).append('[');
        }

        void add(RawLog log) {
            if (log.isRemoved()) {
                return;
            }
            DecodedLog decoded = decoder.decode(log);
            if (decoded instanceof Transfer transfer) {
                writeTransfer(transfers, transfer, transferCount == 0);
                transferCount++;
            } else {
                if (quarantineCount > 0) {
                    quarantined.append(',');
                }
                writeQuarantined(quarantined, (Quarantined) decoded);
                quarantineCount++;
            }
            if (decoded.block() >= 0) {
                blocks.merge(decoded.block(), log, (kept, other) -> kept.blockHash() == null ? other : kept);
            }
        }

        Map<String, Object> params(long chunk) {
            Map<String, Object> params = new HashMap<>();
            params.put("chunk_id", chunk);
            params.put("transfers", transfers.append(']').toString());
            params.put("quarantined", quarantined.append(']').toString());
            params.put("blocks", blocksJson(blocks));
            params.put("transfer_count", transferCount);
            params.put("quarantine_count", quarantineCount);
            return params;
        }
    }

    /**
     * One transfer as a JSON record, written directly: every field is a number or hex the decoder has checked, so
     * nothing needs escaping, and a chunk's 10,000 records are built without a generator's per-character checks.
     */
    private static void writeTransfer(StringBuilder out, Transfer t, boolean first) {
        if (!first) {
            out.append(',');
        }
        out.append("{\"b\":").append(t.block())
                .append(",\"h\":\"").append(t.txHash())
                .append("\",\"i\":").append(t.logIndex())
                .append(",\"f\":\"").append(t.from())
                .append("\",\"o\":\"").append(t.to())
                .append("\",\"v\":\"").append(t.amount())
                .append("\"}");
    }

    private void writeQuarantined(StringWriter out, Quarantined q) {
        try (JsonGenerator g = json.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("b", q.block());
            g.writeStringField("h", q.txHash());
            g.writeNumberField("i", q.logIndex());
            g.writeStringField("r", q.reason());
            g.writeFieldName("l");
            json.writeValue(g, q.log());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String blocksJson(Map<Long, RawLog> blocks) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = json.createGenerator(out)) {
            g.writeStartArray();
            for (Map.Entry<Long, RawLog> e : blocks.entrySet()) {
                g.writeStartObject();
                g.writeNumberField("n", e.getKey());
                g.writeStringField("h", hashOrNull(e.getValue().blockHash()));
                BigInteger ts = timestampOrNull(e.getValue().timeStamp());
                if (ts != null) {
                    g.writeNumberField("ts", ts.longValue());
                }
                g.writeEndObject();
            }
            g.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static String hashOrNull(String hash) {
        try {
            return hash == null ? null : Hex.fixedBytes(hash, 32);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static BigInteger timestampOrNull(String timestamp) {
        try {
            return timestamp == null ? null : Hex.quantity(timestamp);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
