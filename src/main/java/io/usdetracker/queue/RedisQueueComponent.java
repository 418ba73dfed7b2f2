package io.usdetracker.queue;

import java.util.Map;
import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * {@code redis-queue:<list>}: consumes this deployment's Redis list {@code <list>} ({@link QueueKeys}) as a work
 * queue (BRPOP), which camel-spring-redis does not offer (its consumer is pub/sub and loses what nobody listens to).
 * Producers LPUSH onto it ({@link ChunkQueue} for {@code parse_transfer}, camel-spring-redis's LPUSH in the
 * benchmark's per-log route), so the list is a plain, inspectable Redis list of text messages.
 */
public class RedisQueueComponent extends DefaultComponent {

    private final StringRedisTemplate redis;
    private final QueueKeys keys;

    public RedisQueueComponent(StringRedisTemplate redis, QueueKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        RedisQueueEndpoint endpoint = new RedisQueueEndpoint(uri, this, redis, keys.key(remaining));
        setProperties(endpoint, parameters);
        return endpoint;
    }
}
