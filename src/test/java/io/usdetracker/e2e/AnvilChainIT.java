package io.usdetracker.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.usdetracker.e2e.AnvilChain.History;
import io.usdetracker.e2e.AnvilChain.TransferLog;
import java.math.BigInteger;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/** Proves that the harness's chain holds what history.mjs claims, judged only by the node's own answers. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class AnvilChainIT {

    private static final int TRANSFERS = 20_000;
    private static final BigInteger MAX_UINT256 = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);

    private AnvilChain chain;
    private History history;
    private List<TransferLog> logs;
    private List<TransferLog> erc20;

    @BeforeAll
    void writeHistory() {
        chain = AnvilChain.start(TRANSFERS);
        history = chain.history();
        logs = chain.transferLogs(history.deployBlock(), history.lastBlock());
        erc20 = logs.stream().filter(TransferLog::isErc20).toList();
    }

    @AfterAll
    void stop() {
        if (chain != null) {
            chain.close();
        }
    }

    @Test
    void chainHoldsTheFiguresHistoryPrinted() {
        assertThat(chain.blockNumber()).isEqualTo(history.lastBlock());
        assertThat(history.transfers()).isGreaterThanOrEqualTo(TRANSFERS);
        assertThat(erc20).hasSize((int) history.transfers());
        assertThat(logs).isSortedAccordingTo(
                Comparator.comparingLong(TransferLog::block).thenComparingLong(TransferLog::logIndex));

        List<TransferLog> odd = logs.stream().filter(l -> !l.isErc20()).toList();
        assertThat(history.oddLogs()).isPositive();
        assertThat(odd).hasSize((int) history.oddLogs())
                .allSatisfy(l -> assertThat(l.topics()).hasSize(4))
                .allSatisfy(l -> assertThat(l.data()).isEqualTo("0x"));

        Map<Long, Long> perBlock = erc20.stream()
                .collect(Collectors.groupingBy(TransferLog::block, Collectors.counting()));
        long busiest = perBlock.values().stream().mapToLong(Long::longValue).max().orElseThrow();
        assertThat(busiest).isEqualTo(history.maxLogsInOneBlock()).isGreaterThan(1_000);

        assertThat(chain.holdersFromLogs(history.lastBlock())).hasSize((int) history.holders());
    }

    @Test
    void historyCarriesTheCasesATrackerGetsWrong() {
        assertThat(erc20).filteredOn(l -> l.value().equals(MAX_UINT256)).hasSize(3);
        TransferLog maxMint = erc20.stream().filter(l -> l.value().equals(MAX_UINT256)).findFirst().orElseThrow();
        assertThat(maxMint.from()).isEqualTo(AnvilChain.ZERO_ADDRESS);
        assertThat(chain.totalSupply(maxMint.block())).isEqualTo(MAX_UINT256);

        assertThat(erc20).anyMatch(l -> l.from().equals(l.to()) && l.value().signum() > 0);
        assertThat(erc20).anyMatch(l -> l.value().signum() == 0 && !l.from().equals(AnvilChain.ZERO_ADDRESS));
        assertThat(erc20).anyMatch(l -> l.to().equals(AnvilChain.ZERO_ADDRESS) && l.value().signum() > 0);

        long longestGap = 0;
        TransferLog previous = erc20.get(0);
        for (TransferLog log : erc20) {
            longestGap = Math.max(longestGap, log.block() - previous.block());
            previous = log;
        }
        assertThat(longestGap).isGreaterThan(100);

        long busiestBlock = erc20.stream()
                .collect(Collectors.groupingBy(TransferLog::block, Collectors.counting()))
                .entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        Set<String> txsInBusiest = logs.stream()
                .filter(l -> l.block() == busiestBlock)
                .map(TransferLog::txHash)
                .collect(Collectors.toSet());
        assertThat(txsInBusiest).hasSizeGreaterThan(1);
    }

    @Test
    void totalSupplyIsMintsMinusBurns() {
        long middle = erc20.get(erc20.size() / 2).block();
        assertThat(chain.totalSupply(history.lastBlock())).isEqualTo(supplyFromLogs(erc20, history.lastBlock()));
        assertThat(chain.totalSupply(middle)).isEqualTo(supplyFromLogs(erc20, middle));
    }

    @Test
    void everyBalanceIsTheSumOfItsDeltas() {
        Map<String, BigInteger> finalBalances = balancesFromLogs(erc20, history.lastBlock());
        assertThat(finalBalances.keySet()).isEqualTo(chain.holdersFromLogs(history.lastBlock()));
        finalBalances.forEach((holder, balance) ->
                assertThat(chain.balanceOf(holder, history.lastBlock())).as(holder).isEqualTo(balance));

        long middle = erc20.get(erc20.size() / 2).block();
        Map<String, BigInteger> middleBalances = balancesFromLogs(erc20, middle);
        middleBalances.keySet().stream().limit(25).forEach(holder ->
                assertThat(chain.balanceOf(holder, middle)).as(holder).isEqualTo(middleBalances.get(holder)));
    }

    @Test
    void appendsLiveTransfersAndRevertsToASnapshot() {
        String snapshot = chain.snapshot();
        long before = chain.blockNumber();

        History appended = chain.appendTransfers(500);
        assertThat(appended.token()).isEqualTo(history.token());
        assertThat(appended.deployBlock()).isEqualTo(history.deployBlock());
        assertThat(appended.transfers()).isEqualTo(history.transfers() + 500);
        assertThat(appended.holders()).isGreaterThan(history.holders());
        assertThat(appended.lastBlock()).isGreaterThan(before + 1);

        List<TransferLog> all = chain.transferLogs(history.deployBlock(), appended.lastBlock()).stream()
                .filter(TransferLog::isErc20).toList();
        assertThat(all).hasSize((int) appended.transfers());
        assertThat(chain.totalSupply(appended.lastBlock())).isEqualTo(supplyFromLogs(all, appended.lastBlock()));
        balancesFromLogs(all, appended.lastBlock()).entrySet().stream().limit(25).forEach(e ->
                assertThat(chain.balanceOf(e.getKey(), appended.lastBlock())).isEqualTo(e.getValue()));

        chain.mine(3);
        assertThat(chain.blockNumber()).isEqualTo(appended.lastBlock() + 3);

        chain.revert(snapshot);
        assertThat(chain.blockNumber()).isEqualTo(before);
        assertThat(chain.totalSupply(before)).isEqualTo(supplyFromLogs(erc20, before));

        // The block mined after a revert reuses the number of the first appended block, which must now be empty.
        String reverted = chain.snapshot();
        chain.mine(1);
        assertThat(chain.transferLogs(before + 1, before + 1)).isEmpty();
        chain.revert(reverted);
        assertThat(chain.blockNumber()).isEqualTo(before);
    }

    private static BigInteger supplyFromLogs(List<TransferLog> logs, long toBlock) {
        BigInteger supply = BigInteger.ZERO;
        for (TransferLog log : logs) {
            if (log.block() > toBlock) {
                break;
            }
            if (log.from().equals(AnvilChain.ZERO_ADDRESS)) {
                supply = supply.add(log.value());
            }
            if (log.to().equals(AnvilChain.ZERO_ADDRESS)) {
                supply = supply.subtract(log.value());
            }
        }
        return supply;
    }

    private static Map<String, BigInteger> balancesFromLogs(List<TransferLog> logs, long toBlock) {
        Map<String, BigInteger> balances = new HashMap<>();
        for (TransferLog log : logs) {
            if (log.block() > toBlock) {
                break;
            }
            balances.merge(log.from(), log.value().negate(), BigInteger::add);
            balances.merge(log.to(), log.value(), BigInteger::add);
        }
        balances.remove(AnvilChain.ZERO_ADDRESS);
        return new TreeMap<>(balances);
    }
}
