package io.usdetracker.api;

import java.util.List;

/**
 * The JSON bodies of the API, also the models of its OpenAPI document. Amounts are decimal strings of raw
 * token units ({@code formatted}: scaled by the token's decimals, null until the token has told them).
 */
public final class Views {

    private Views() {
    }

    public record Balance(String address, String balance, String formatted, long block) {
    }

    public record Holder(long rank, String address, String balance, String formatted) {
    }

    public record Holders(int limit, long offset, List<Holder> holders) {
    }

    public record Transfer(long block, String time, String txHash, int logIndex, String from, String to,
                           String amount, String formatted, String direction) {
    }

    /** {@code next}: the {@code before} of the following page, null on the last page. */
    public record Transfers(String address, int limit, List<Transfer> transfers, String next) {
    }

    public record Stats(String token, Integer decimals, long holders, String totalSupply, String totalSupplyFormatted,
                        long startBlock, long cursor, Long chainHead, Long tip, Long blocksBehind, String lastSync,
                        long transfers, long quarantined) {
    }

    public record HistoryPoint(long block, String time, String supply, String supplyFormatted, long holders,
                               long transfers) {
    }

    public record History(List<HistoryPoint> points) {
    }

    public record Error(String error) {
    }
}
