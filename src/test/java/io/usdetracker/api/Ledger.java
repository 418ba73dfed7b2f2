package io.usdetracker.api;

import io.usdetracker.transfer.Hex;
import io.usdetracker.transfer.RawLog;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The expected answers, worked out from the logs given to the fake source, by a route that shares nothing
 * with the tracker: every Transfer read straight from its topics and data, then replayed in order.
 */
final class Ledger {

    static final String ZERO = "0000000000000000000000000000000000000000";

    record Move(long block, int logIndex, String tx, String from, String to, BigInteger amount) {
    }

    final List<Move> moves = new ArrayList<>();

    Ledger(List<RawLog> logs) {
        for (RawLog log : logs) {
            if (log.topics().size() != 3) {
                continue;
            }
            moves.add(new Move(Hex.longQuantity(log.blockNumber()), (int) Hex.longQuantity(log.logIndex()),
                    log.transactionHash().substring(2), log.topics().get(1).substring(26), log.topics().get(2).substring(26),
                    new BigInteger(log.data().substring(2), 16)));
        }
        moves.sort((a, b) -> a.block != b.block ? Long.compare(a.block, b.block) : Integer.compare(a.logIndex, b.logIndex));
    }

    /** Every address's balance after block {@code block}, zero address included. */
    Map<String, BigInteger> balancesAt(long block) {
        Map<String, BigInteger> balances = new HashMap<>();
        for (Move m : moves) {
            if (m.block > block) {
                break;
            }
            balances.merge(m.from, m.amount.negate(), BigInteger::add);
            balances.merge(m.to, m.amount, BigInteger::add);
        }
        return balances;
    }

    long holdersAt(long block) {
        return balancesAt(block).entrySet().stream().filter(e -> !e.getKey().equals(ZERO) && e.getValue().signum() > 0).count();
    }

    BigInteger supplyAt(long block) {
        return balancesAt(block).getOrDefault(ZERO, BigInteger.ZERO).negate();
    }

    /** An address's transfers, newest first, a self-transfer once. */
    List<Move> transfersOf(String address) {
        List<Move> result = new ArrayList<>();
        for (int i = moves.size() - 1; i >= 0; i--) {
            Move m = moves.get(i);
            if (m.from.equals(address) || m.to.equals(address)) {
                result.add(m);
            }
        }
        return result;
    }

    long lastBlock() {
        return moves.get(moves.size() - 1).block;
    }
}
