package io.usdetracker.queue;

import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultEndpoint;
import org.springframework.data.redis.core.StringRedisTemplate;

/** One Redis list, consumed by {@code concurrentConsumers} threads. */
public class RedisQueueEndpoint extends DefaultEndpoint {

    private final StringRedisTemplate redis;
    private final String queue;
    private int concurrentConsumers = 1;
    private long pollTimeoutMillis = 1000;

    RedisQueueEndpoint(String uri, RedisQueueComponent component, StringRedisTemplate redis, String queue) {
        super(uri, component);
        this.redis = redis;
        this.queue = queue;
    }

    @Override
    public Producer createProducer() {
        throw new UnsupportedOperationException("redis-queue only consumes; push with LPUSH (ChunkQueue, or spring-redis LPUSH)");
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        Consumer consumer = new RedisQueueConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    public StringRedisTemplate redis() {
        return redis;
    }

    public String queue() {
        return queue;
    }

    public int getConcurrentConsumers() {
        return concurrentConsumers;
    }

    public void setConcurrentConsumers(int concurrentConsumers) {
        if (concurrentConsumers < 1) {
            throw new IllegalArgumentException("concurrentConsumers must be at least 1");
        }
        this.concurrentConsumers = concurrentConsumers;
    }

    public long getPollTimeoutMillis() {
        return pollTimeoutMillis;
    }

    /** How long one BRPOP blocks; also how long a stop waits for an idle consumer to notice. */
    public void setPollTimeoutMillis(long pollTimeoutMillis) {
        this.pollTimeoutMillis = pollTimeoutMillis;
    }
}
