package io.usdetracker.transfer;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.usdetracker.observe.StageTimers;
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
    public Map<String, Object> decode(String message, Exchange exchange) throws IOException {
        long started = System.nanoTime();
        Map<String, Object> params = decode(json.readValue(message, ChunkMessage.class));
        stages.decoded(started);
        exchange.setProperty(APPLY_STARTED, System.nanoTime());
        return params;
    }

    public Map<String, Object> decode(ChunkMessage chunk) {
        StringWriter transfers = new StringWriter(chunk.logs().size() * 200);
        StringWriter quarantined = new StringWriter();
        Map<Long, RawLog> blocks = new LinkedHashMap<>();
        int transferCount = 0;
        int quarantineCount = 0;
        try (JsonGenerator t = json.createGenerator(transfers); JsonGenerator q = json.createGenerator(quarantined)) {
            t.writeStartArray();
            q.writeStartArray();
            for (RawLog log : chunk.logs()) {
                if (log.isRemoved()) {
                    continue;
                }
                DecodedLog decoded = decoder.decode(log);
                if (decoded instanceof Transfer transfer) {
                    writeTransfer(t, transfer);
                    transferCount++;
                } else {
                    writeQuarantined(q, (Quarantined) decoded);
                    quarantineCount++;
                }
                if (decoded.block() >= 0) {
                    blocks.merge(decoded.block(), log, (kept, other) -> kept.blockHash() == null ? other : kept);
                }
            }
            t.writeEndArray();
            q.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Object> params = new HashMap<>();
        params.put("chunk_id", chunk.chunk());
        params.put("transfers", transfers.toString());
        params.put("quarantined", quarantined.toString());
        params.put("blocks", blocksJson(blocks));
        params.put("transfer_count", transferCount);
        params.put("quarantine_count", quarantineCount);
        return params;
    }

    private static void writeTransfer(JsonGenerator g, Transfer t) throws IOException {
        g.writeStartObject();
        g.writeNumberField("b", t.block());
        g.writeStringField("h", t.txHash());
        g.writeNumberField("i", t.logIndex());
        g.writeStringField("f", t.from());
        g.writeStringField("o", t.to());
        g.writeStringField("v", t.amount().toString());
        g.writeEndObject();
    }

    private void writeQuarantined(JsonGenerator g, Quarantined q) throws IOException {
        g.writeStartObject();
        g.writeNumberField("b", q.block());
        g.writeStringField("h", q.txHash());
        g.writeNumberField("i", q.logIndex());
        g.writeStringField("r", q.reason());
        g.writeFieldName("l");
        json.writeValue(g, q.log());
        g.writeEndObject();
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
