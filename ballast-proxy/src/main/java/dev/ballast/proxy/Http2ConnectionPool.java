package dev.ballast.proxy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The HTTP/2 connections to targets of one event loop, keyed by target key ({@code ip:port}): a request takes a
 * stream on a connection that still accepts one, so many requests share few connections.
 *
 * <p>Not thread-safe by design: one pool per event loop, touched only from that loop.
 */
final class Http2ConnectionPool {
    private final Map<String, List<Http2TargetConnection>> byTarget = new HashMap<>();

    /** A connection to {@code targetKey} that accepts another stream, or null. */
    Http2TargetConnection usable(String targetKey) {
        List<Http2TargetConnection> connections = byTarget.get(targetKey);
        if (connections != null) {
            for (Http2TargetConnection connection : connections) {
                if (connection.acceptsStreams()) {
                    return connection;
                }
            }
        }
        return null;
    }

    void add(String targetKey, Http2TargetConnection connection) {
        byTarget.computeIfAbsent(targetKey, k -> new ArrayList<>()).add(connection);
    }

    /** Forgets {@code connection} (it closed). */
    void remove(String targetKey, Http2TargetConnection connection) {
        List<Http2TargetConnection> connections = byTarget.get(targetKey);
        if (connections != null && connections.remove(connection) && connections.isEmpty()) {
            byTarget.remove(targetKey);
        }
    }

    /**
     * {@code targetKey} is draining: its connections take no new stream and close once their streams end (a close
     * of the HTTP/2 codec sends GOAWAY and waits for the open streams).
     */
    void retire(String targetKey) {
        List<Http2TargetConnection> connections = byTarget.remove(targetKey);
        if (connections != null) {
            connections.forEach(c -> c.channel().close());
        }
    }

}
