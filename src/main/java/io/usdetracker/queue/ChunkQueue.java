package io.usdetracker.queue;

import java.util.List;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The {@code parse_transfer} list of this deployment ({@link QueueKeys}) as the sync sees it: how many chunks wait;
 * a window's chunks pushed at once.
 */
public class ChunkQueue {

    public static final String NAME = "parse_transfer";

    private final StringRedisTemplate redis;
    private final String key;

    public ChunkQueue(StringRedisTemplate redis, QueueKeys keys) {
        this.redis = redis;
        this.key = keys.key(NAME);
    }

    /** The Redis key of the list. */
    public String key() {
        return key;
    }

    /**
     * Pushes messages in order (the workers pop from the other end, so the first one pushed is taken first) in one
     * command: one round trip per window, not per chunk.
     */
    public void push(List<String> messages) {
        if (!messages.isEmpty()) {
            redis.opsForList().leftPushAll(key, messages);
        }
    }

    public long depth() {
        Long size = redis.opsForList().size(key);
        return size == null ? 0 : size;
    }
}
