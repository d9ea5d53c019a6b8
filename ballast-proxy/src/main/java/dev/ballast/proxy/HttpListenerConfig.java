package dev.ballast.proxy;

import dev.ballast.core.model.ConfigSnapshot;
import dev.ballast.core.model.LoadBalancer;
import dev.ballast.core.model.Listener;
import dev.ballast.core.routing.RoutingTable;
import dev.ballast.proxy.tls.CertificateSelector;

/**
 * What an HTTP listener's connections need for one request, compiled once per snapshot: the routing table, the
 * snapshot it resolves target groups in, and the load balancer attributes that drive the data plane.
 *
 * @param idleTimeoutMillis {@code idle_timeout.timeout_seconds} in milliseconds
 * @param protocol the listener protocol as {@code X-Forwarded-Proto} and redirects show it ({@code http} or
 *     {@code https})
 * @param desyncMode {@code routing.http.desync_mitigation_mode}
 * @param dropInvalidHeaderFields {@code routing.http.drop_invalid_header_fields.enabled}
 * @param tls the certificates of an HTTPS listener by server name; null for HTTP
 *
 * <p>Thread-safe (immutable).
 */
record HttpListenerConfig(String listenerArn, int port, String protocol, RoutingTable routingTable,
                          ConfigSnapshot snapshot, long idleTimeoutMillis, XffMode xffMode, boolean xffClientPort,
                          DesyncMode desyncMode, boolean dropInvalidHeaderFields, CertificateSelector tls) {

    /** Compiles {@code listener} of {@code loadBalancer} within {@code snapshot}. */
    static HttpListenerConfig compile(ConfigSnapshot snapshot, LoadBalancer loadBalancer, Listener listener) {
        var attributes = loadBalancer.attributes();
        return new HttpListenerConfig(listener.arn(), listener.port(), listener.protocol().name().toLowerCase(),
                RoutingTable.compile(listener), snapshot, attributes.idleTimeoutSeconds() * 1000L,
                XffMode.fromAttribute(attributes.xffHeaderProcessingMode()), attributes.xffClientPort(),
                DesyncMode.fromAttribute(attributes.desyncMitigationMode()), attributes.dropInvalidHeaderFields(), null);
    }

    /** This configuration terminating TLS with {@code selector}'s certificates. */
    HttpListenerConfig withTls(CertificateSelector selector) {
        return new HttpListenerConfig(listenerArn, port, protocol, routingTable, snapshot, idleTimeoutMillis, xffMode,
                xffClientPort, desyncMode, dropInvalidHeaderFields, selector);
    }
}
