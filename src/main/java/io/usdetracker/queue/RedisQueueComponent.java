package io.usdetracker.queue;

import java.util.Map;
import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * {@code redis-queue:<list>}: consumes a Redis list as a work queue (BRPOP), which camel-spring-redis does not
 * offer (its consumer is pub/sub and loses what nobody listens to). Producers LPUSH onto it ({@link ChunkQueue} for
 * {@code parse_transfer}, camel-spring-redis's LPUSH in the benchmark's per-log route), so the list is a plain,
 * inspectable Redis list of text messages.
 */
public class RedisQueueComponent extends DefaultComponent {

    private final StringRedisTemplate redis;

    public RedisQueueComponent(StringRedisTemplate redis) {
        this.redis = redis;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        RedisQueueEndpoint endpoint = new RedisQueueEndpoint(uri, this, redis, remaining);
        setProperties(endpoint, parameters);
        return endpoint;
    }
}
