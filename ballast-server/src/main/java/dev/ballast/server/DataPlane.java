package dev.ballast.server;

import dev.ballast.control.ConfigPublisher;
import dev.ballast.core.model.ConfigSnapshot;
import dev.ballast.proxy.ProxyServer;
import java.net.InetSocketAddress;

/**
 * The running data plane of one process: a {@link ProxyServer} fed through a {@link ConfigPublisher}.
 *
 * <p>Thread-safe: {@link #publish} goes through the publisher's single-writer lock; {@link #close} is idempotent.
 */
public final class DataPlane implements AutoCloseable {
    private final ConfigPublisher publisher = new ConfigPublisher();
    private final ProxyServer proxy;
    private boolean closed;

    private DataPlane(ProxyServer proxy) {
        this.proxy = proxy;
    }

    /**
     * Starts a proxy (one event loop per core) serving {@code snapshot}. If a listener cannot be bound, the proxy is
     * closed again and the exception propagates.
     */
    public static DataPlane start(ConfigSnapshot snapshot) {
        DataPlane plane = new DataPlane(new ProxyServer(0));
        try {
            plane.publisher.subscribe(plane.proxy);
            plane.publish(snapshot);
            return plane;
        } catch (RuntimeException e) {
            plane.close();
            throw e;
        }
    }

    /** Applies {@code snapshot} to the proxy; on failure the previous one stays in force and this throws. */
    public void publish(ConfigSnapshot snapshot) {
        publisher.publish(snapshot);
    }

    /** The snapshot being served. */
    public ConfigSnapshot snapshot() {
        return publisher.current();
    }

    /** The address listener {@code listenerArn} is bound to, or null. */
    public InetSocketAddress boundAddress(String listenerArn) {
        return proxy.boundAddress(listenerArn);
    }

    /** Unbinds every listener and stops the proxy. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            proxy.close();
        }
    }
}
