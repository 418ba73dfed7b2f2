package io.usdetracker.queue;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes one message at a time per thread and processes it to the end before taking the next. A message taken
 * by a process that dies is gone from Redis, and that is fine: the chunk ledger in PostgreSQL still lists it as
 * not applied and the sync fetches it again. A stop lets every thread finish the message in hand.
 */
public class RedisQueueConsumer extends DefaultConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(RedisQueueConsumer.class);

    private final RedisQueueEndpoint endpoint;
    private ExecutorService executor;
    private volatile boolean running;

    RedisQueueConsumer(RedisQueueEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        running = true;
        int threads = endpoint.getConcurrentConsumers();
        executor = getEndpoint().getCamelContext().getExecutorServiceManager()
                .newFixedThreadPool(this, "redis-queue-" + endpoint.queue(), threads);
        for (int i = 0; i < threads; i++) {
            executor.submit(this::consume);
        }
    }

    @Override
    protected void doStop() throws Exception {
        running = false;
        if (executor != null) {
            executor.shutdown();
            if (!executor.awaitTermination(60, TimeUnit.SECONDS)) {
                LOG.warn("queue {}: a consumer did not finish its message within 60 s", endpoint.queue());
            }
            getEndpoint().getCamelContext().getExecutorServiceManager().shutdownNow(executor);
            executor = null;
        }
        super.doStop();
    }

    private void consume() {
        Duration poll = Duration.ofMillis(endpoint.getPollTimeoutMillis());
        while (running && isRunAllowed()) {
            String message;
            try {
                message = endpoint.redis().opsForList().rightPop(endpoint.queue(), poll);
            } catch (RuntimeException e) {
                LOG.warn("queue {}: Redis unavailable ({}); retrying in 1 s", endpoint.queue(), e.getMessage());
                sleepQuietly();
                continue;
            }
            if (message != null) {
                process(message);
            }
        }
    }

    private void process(String message) {
        Exchange exchange = createExchange(false);
        exchange.getMessage().setBody(message);
        try {
            getProcessor().process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        }
        if (exchange.getException() != null) {
            getExceptionHandler().handleException("queue " + endpoint.queue() + ": message not processed", exchange,
                    exchange.getException());
        }
        releaseExchange(exchange, false);
    }

    private void sleepQuietly() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
