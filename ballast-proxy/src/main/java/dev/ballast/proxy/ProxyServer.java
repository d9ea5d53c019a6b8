package dev.ballast.proxy;

import dev.ballast.core.model.ConfigSnapshot;
import dev.ballast.core.model.SnapshotConsumer;
import java.net.InetSocketAddress;

/**
 * The data plane: binds every listener of the current snapshot and proxies its traffic.
 *
 * <p>Thread-safe: {@link #apply} is called by the single writer; traffic runs on the event loops.
 */
public final class ProxyServer implements SnapshotConsumer, AutoCloseable {
    /** A proxy with {@code eventLoops} event loops (0 = one per core). */
    public ProxyServer(int eventLoops) {
        // CONTRACT STUB: replaced by the data plane implementation
    }

    /**
     * Compiles {@code snapshot}, binds listeners that are new, unbinds those that are gone and swaps the routing
     * tables in one atomic step. If a bind fails, the previous snapshot stays in force and this throws.
     */
    @Override
    public void apply(ConfigSnapshot snapshot) {
        // CONTRACT STUB
    }

    /** The local address listener {@code listenerArn} is bound to, or null if it is not bound. */
    public InetSocketAddress boundAddress(String listenerArn) {
        return null; // CONTRACT STUB
    }

    /** Unbinds every listener, closes connections and stops the event loops. */
    @Override
    public void close() {
        // CONTRACT STUB
    }
}
