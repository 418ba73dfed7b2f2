package io.usdetracker.transfer;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
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

    /**
     * One log read from a streaming parser standing on its {@code START_OBJECT}, leaving it on the matching
     * {@code END_OBJECT}: the same record {@link #of} makes from the parsed tree, without the tree (an answer of
     * 10,000 logs was a tree of about 30 MB, collected as soon as it was read). A text equal to the same field of
     * {@code previous} (the log before it, or null) is that log's string, not a copy: a block's number and hash,
     * the token, the event topic and a batch's transaction hash repeat from log to log.
     */
    public static RawLog read(JsonParser parser, RawLog previous) throws IOException {
        boolean p = previous != null;
        String address = null;
        List<String> topics = null;
        String data = null;
        String blockNumber = null;
        String blockHash = null;
        String timeStamp = null;
        String blockTimestamp = null;
        String logIndex = null;
        String transactionHash = null;
        Boolean removed = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (field) {
                case "address" -> address = text(parser, value, p ? previous.address() : null);
                case "topics" -> topics = topics(parser, value, p ? previous.topics() : null);
                case "data" -> data = text(parser, value, p ? previous.data() : null);
                case "blockNumber" -> blockNumber = text(parser, value, p ? previous.blockNumber() : null);
                case "blockHash" -> blockHash = text(parser, value, p ? previous.blockHash() : null);
                case "timeStamp" -> timeStamp = text(parser, value, p ? previous.timeStamp() : null);
                case "blockTimestamp" -> blockTimestamp = text(parser, value, p ? previous.timeStamp() : null);
                case "logIndex" -> logIndex = text(parser, value, p ? previous.logIndex() : null);
                case "transactionHash" -> transactionHash = text(parser, value, p ? previous.transactionHash() : null);
                case "removed" -> removed = switch (value) {
                    case VALUE_TRUE -> true;
                    case VALUE_FALSE -> false;
                    case VALUE_NULL -> null;
                    default -> parser.<JsonNode>readValueAsTree().asBoolean();
                };
                default -> parser.skipChildren();
            }
        }
        return new RawLog(address, topics, data, blockNumber, blockHash, timeStamp != null ? timeStamp : blockTimestamp,
                logIndex, transactionHash, removed);
    }

    /**
     * A value as {@link #of} reads it: null for JSON null, else its text (a tree's text for what is not a string);
     * {@code same} itself when the text equals it.
     */
    private static String text(JsonParser parser, JsonToken value, String same) throws IOException {
        return switch (value) {
            case VALUE_STRING -> equalsText(parser, same) ? same : parser.getText();
            case VALUE_NULL -> null;
            default -> parser.<JsonNode>readValueAsTree().asText();
        };
    }

    private static boolean equalsText(JsonParser parser, String same) throws IOException {
        if (same == null || parser.getTextLength() != same.length()) {
            return false;
        }
        char[] chars = parser.getTextCharacters();
        int offset = parser.getTextOffset();
        for (int i = 0; i < same.length(); i++) {
            if (chars[offset + i] != same.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static List<String> topics(JsonParser parser, JsonToken value, List<String> same) throws IOException {
        if (value != JsonToken.START_ARRAY) {
            parser.skipChildren();
            return null;
        }
        List<String> topics = new ArrayList<>(3);
        for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
            int i = topics.size();
            topics.add(text(parser, t, same != null && i < same.size() ? same.get(i) : null));
        }
        return topics;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

}
