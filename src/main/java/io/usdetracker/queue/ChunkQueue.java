package io.usdetracker.queue;

import org.springframework.data.redis.core.StringRedisTemplate;

/** The {@code parse_transfer} list as the sync sees it: how many chunks wait. */
public class ChunkQueue {

    public static final String NAME = "parse_transfer";

    private final StringRedisTemplate redis;

    public ChunkQueue(StringRedisTemplate redis) {
        this.redis = redis;
    }

    public long depth() {
        Long size = redis.opsForList().size(NAME);
        return size == null ? 0 : size;
    }
}
