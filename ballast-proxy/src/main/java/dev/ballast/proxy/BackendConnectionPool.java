package dev.ballast.proxy;

import io.netty.channel.Channel;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Idle keep-alive connections to targets, keyed by target key ({@code ip:port}), most recently used first.
 *
 * <p>Not thread-safe by design: one pool per event loop, touched only from that loop, so the hot path takes no lock.
 */
final class BackendConnectionPool {
    private final Map<String, ArrayDeque<Channel>> idle = new HashMap<>();
    private final int maxIdlePerTarget;

    BackendConnectionPool(int maxIdlePerTarget) {
        this.maxIdlePerTarget = maxIdlePerTarget;
    }

    /** An open idle connection to {@code targetKey}, removed from the pool, or null. */
    Channel acquire(String targetKey) {
        ArrayDeque<Channel> channels = idle.get(targetKey);
        while (channels != null && !channels.isEmpty()) {
            Channel channel = channels.pollLast();
            if (channel.isActive()) {
                return channel;
            }
        }
        return null;
    }

    /** Keeps {@code channel} for reuse; false when it is closed or the pool for the target is full. */
    boolean release(String targetKey, Channel channel) {
        if (!channel.isActive()) {
            return false;
        }
        ArrayDeque<Channel> channels = idle.computeIfAbsent(targetKey, k -> new ArrayDeque<>());
        if (channels.size() >= maxIdlePerTarget) {
            return false;
        }
        channels.addLast(channel);
        return true;
    }

    /** Forgets {@code channel} (it closed while idle). */
    void remove(String targetKey, Channel channel) {
        ArrayDeque<Channel> channels = idle.get(targetKey);
        if (channels != null) {
            channels.remove(channel);
            if (channels.isEmpty()) {
                idle.remove(targetKey);
            }
        }
    }

    /** The number of idle connections to {@code targetKey}. */
    int idleCount(String targetKey) {
        ArrayDeque<Channel> channels = idle.get(targetKey);
        return channels == null ? 0 : channels.size();
    }
}
