package io.usdetracker.transfer;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One log as a source hands it over, every field still text: Etherscan and JSON-RPC disagree on forms
 * ({@code "0x"} for zero, decimal or hex numbers, {@code blockHash} or {@code timeStamp} absent), and only
 * the decoder decides what is acceptable. Nodes that add {@code blockTimestamp} to logs give it as the timestamp.
 * Only the fields the tracker uses travel on the queue.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RawLog(
        String address,
        List<String> topics,
        String data,
        String blockNumber,
        String blockHash,
        @JsonAlias("blockTimestamp") String timeStamp,
        String logIndex,
        String transactionHash,
        Boolean removed) {

    public boolean isRemoved() {
        return Boolean.TRUE.equals(removed);
    }

    /**
     * One log of a parsed source answer, read field by field: mapping the tree onto the record with Jackson took most
     * of a backfill's fetch time. Values that are not text are kept as their text, as the mapping did.
     */
    public static RawLog of(JsonNode node) {
        JsonNode topicNodes = node.get("topics");
        List<String> topics = null;
        if (topicNodes != null && topicNodes.isArray()) {
            topics = new ArrayList<>(topicNodes.size());
            for (JsonNode topic : topicNodes) {
                topics.add(topic.isNull() ? null : topic.asText());
            }
        }
        String timeStamp = text(node, "timeStamp");
        JsonNode removed = node.get("removed");
        return new RawLog(text(node, "address"), topics, text(node, "data"), text(node, "blockNumber"),
                text(node, "blockHash"), timeStamp != null ? timeStamp : text(node, "blockTimestamp"), text(node, "logIndex"),
                text(node, "transactionHash"), removed == null || removed.isNull() ? null : removed.asBoolean());
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

}
