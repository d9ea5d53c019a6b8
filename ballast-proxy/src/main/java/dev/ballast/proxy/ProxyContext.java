package dev.ballast.proxy;

import dev.ballast.core.balancing.TargetSelector;

/**
 * The shared services every client connection uses: target selection, backend connections, counters, header
 * rewriting and the clock.
 *
 * <p>Thread-safe (each part is).
 */
record ProxyContext(TargetSelector selector, BackendConnector connector, ProxyCounters counters,
                    ForwardedHeaders forwardedHeaders, ProxyOptions options) {
}
