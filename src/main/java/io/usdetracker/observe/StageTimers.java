package io.usdetracker.observe;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a backfill's time goes, per stage, as {@code usde_stage_seconds{stage=...}} on /observe/metrics: fetch (the
 * source's calls, in the sync), queue (writing the chunk messages and pushing them to Redis, in the sync), decode
 * (reading a message and decoding its logs, in a worker) and apply (the SQL statement, in a worker). Also the
 * moment of the first fetch, so that start-up time can be told from the backfill itself.
 */
public class StageTimers {

    private static final Logger LOG = LoggerFactory.getLogger(StageTimers.class);

    private final Timer fetch;
    private final Timer queue;
    private final Timer decode;
    private final Timer apply;
    private final AtomicLong firstFetchMillis = new AtomicLong();

    public StageTimers(MeterRegistry registry) {
        fetch = stage(registry, "fetch", "Source calls for the next window of logs (sync)");
        queue = stage(registry, "queue", "Writing chunk messages and pushing them onto Redis (sync)");
        decode = stage(registry, "decode", "Reading a chunk message and decoding its logs (worker)");
        apply = stage(registry, "apply", "The statement that applies a chunk, to its commit (worker)");
        Gauge.builder("usde.first.fetch.timestamp", firstFetchMillis, m -> m.get() == 0 ? Double.NaN : m.get() / 1000.0)
                .baseUnit("seconds")
                .description("When this process first asked the source for logs (Unix time; NaN before)").register(registry);
    }

    private static Timer stage(MeterRegistry registry, String name, String description) {
        return Timer.builder("usde.stage").tag("stage", name).description(description).register(registry);
    }

    /** The moment the first window is asked for: logs how long after the JVM started that came. */
    public void fetching() {
        long now = System.currentTimeMillis();
        if (firstFetchMillis.compareAndSet(0, now)) {
            LOG.info("first fetch {} ms after the JVM started", now - ManagementFactory.getRuntimeMXBean().getStartTime());
        }
    }

    public void fetched(long startNanos) {
        fetch.record(Duration.ofNanos(System.nanoTime() - startNanos));
    }

    public void queued(long startNanos) {
        queue.record(Duration.ofNanos(System.nanoTime() - startNanos));
    }

    public void decoded(long startNanos) {
        decode.record(Duration.ofNanos(System.nanoTime() - startNanos));
    }

    public void applied(long startNanos) {
        apply.record(Duration.ofNanos(System.nanoTime() - startNanos));
    }
}
