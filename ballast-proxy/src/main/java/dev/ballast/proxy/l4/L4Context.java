package dev.ballast.proxy.l4;

import dev.ballast.core.health.TargetHealthTracker;
import dev.ballast.proxy.ProxyCounters;
import dev.ballast.proxy.ProxyOptions;
import dev.ballast.proxy.Transport;
import dev.ballast.proxy.accesslog.AccessLogWriter;

/**
 * What every network listener shares: the transport, the data-plane options (connect timeout, clock), counters,
 * the health tracker (routable targets, connect failures), the registry of open flows, the access log writer of
 * TLS listeners (null when the data plane writes no access logs) and the connector of TCP connections to targets.
 *
 * <p>Thread-safe (each part is).
 */
record L4Context(Transport transport, ProxyOptions options, ProxyCounters counters, TargetHealthTracker health,
                 L4Connections connections, AccessLogWriter accessLogs, TcpTargetConnector targets) {
}
