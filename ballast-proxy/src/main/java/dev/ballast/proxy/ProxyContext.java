package dev.ballast.proxy;

import dev.ballast.core.balancing.TargetSelector;
import dev.ballast.core.health.TargetHealthTracker;
import dev.ballast.proxy.accesslog.AccessLogWriter;

/**
 * The shared services every client connection uses: target selection, backend connections, counters, header
 * rewriting, the clock, the health tracker (told of connect failures) and the access log writer (null when the data
 * plane writes no access logs).
 *
 * <p>Thread-safe (each part is).
 */
record ProxyContext(TargetSelector selector, BackendConnector connector, ProxyCounters counters,
                    ForwardedHeaders forwardedHeaders, ProxyOptions options, TargetHealthTracker health,
                    AccessLogWriter accessLogs) {
}
