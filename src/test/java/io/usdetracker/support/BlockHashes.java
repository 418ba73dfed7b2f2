package io.usdetracker.support;

import java.util.Locale;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The block hashes a fake source serves: a block's number as SyntheticLogs writes it, until {@link #fork} gives
 * every block from some number up another hash, as a reorganisation that replaced them would.
 */
public final class BlockHashes {

    private final ConcurrentSkipListMap<Long, Integer> forks = new ConcurrentSkipListMap<>();

    public String hash(long block) {
        int generation = forks.headMap(block, true).values().stream().mapToInt(Integer::intValue).sum();
        return generation == 0 ? String.format(Locale.ROOT, "0x%064x", block)
                : String.format(Locale.ROOT, "0x%056x%08x", block, generation);
    }

    /** Every block from {@code firstBlock} up has a new hash from now on. */
    public void fork(long firstBlock) {
        forks.merge(firstBlock, 1, Integer::sum);
    }
}
