package dev.ballast.proxy;

import dev.ballast.core.balancing.TargetSelector;
import dev.ballast.core.health.TargetHealthTracker;

/**
 * The shared services every client connection uses: target selection, backend connections, counters, header
 * rewriting, the clock and the health tracker (told of connect failures).
 *
 * <p>Thread-safe (each part is).
 */
record ProxyContext(TargetSelector selector, BackendConnector connector, ProxyCounters counters,
                    ForwardedHeaders forwardedHeaders, ProxyOptions options, TargetHealthTracker health) {
}
