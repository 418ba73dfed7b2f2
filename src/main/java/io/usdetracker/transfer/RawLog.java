package io.usdetracker.transfer;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
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

}
