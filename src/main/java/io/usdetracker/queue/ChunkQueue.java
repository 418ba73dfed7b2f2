package io.usdetracker.queue;

import java.util.List;
import org.springframework.data.redis.core.StringRedisTemplate;

/** The {@code parse_transfer} list as the sync sees it: how many chunks wait; a window's chunks pushed at once. */
public class ChunkQueue {

    public static final String NAME = "parse_transfer";

    private final StringRedisTemplate redis;

    public ChunkQueue(StringRedisTemplate redis) {
        this.redis = redis;
    }

    /**
     * Pushes messages in order (the workers pop from the other end, so the first one pushed is taken first) in one
     * command: one round trip per window, not per chunk.
     */
    public void push(List<String> messages) {
        if (!messages.isEmpty()) {
            redis.opsForList().leftPushAll(NAME, messages);
        }
    }

    public long depth() {
        Long size = redis.opsForList().size(NAME);
        return size == null ? 0 : size;
    }
}
