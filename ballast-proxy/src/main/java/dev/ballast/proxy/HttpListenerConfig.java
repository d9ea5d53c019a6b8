package dev.ballast.proxy;

import dev.ballast.core.model.ConfigSnapshot;
import dev.ballast.core.model.LoadBalancer;
import dev.ballast.core.model.Listener;
import dev.ballast.core.model.TargetGroup;
import dev.ballast.core.routing.RoutingTable;
import dev.ballast.core.security.ClientMatcher;
import dev.ballast.core.security.LoadBalancerEgress;
import dev.ballast.core.security.LoadBalancerIngress;
import dev.ballast.core.security.TargetMatcher;
import dev.ballast.proxy.tls.CertificateSelector;
import dev.ballast.proxy.accesslog.AccessLogDestination;
import dev.ballast.proxy.metrics.DataPlaneMetrics;
import dev.ballast.proxy.metrics.LoadBalancerMetrics;
import dev.ballast.proxy.metrics.TargetGroupMetrics;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * What an HTTP listener's connections need for one request, compiled once per snapshot: the routing table, the
 * snapshot it resolves target groups in, and the load balancer attributes that drive the data plane.
 *
 * @param idleTimeoutMillis {@code idle_timeout.timeout_seconds} in milliseconds
 * @param protocol the listener protocol as {@code X-Forwarded-Proto} and redirects show it ({@code http} or
 *     {@code https})
 * @param desyncMode {@code routing.http.desync_mitigation_mode}
 * @param dropInvalidHeaderFields {@code routing.http.drop_invalid_header_fields.enabled}
 * @param metrics the load balancer's metrics (kept across snapshots)
 * @param groupMetrics the metrics of each target group the listener forwards to, by the snapshot's instance, so a
 *     request finds its group's counters without a lookup by name
 * @param accessLog where access log lines go, or null when {@code access_logs.s3.enabled} is false
 * @param tls the certificates of an HTTPS listener by server name; null for HTTP
 * @param clients which client addresses may connect (the load balancer's security groups' inbound rules)
 * @param targets which targets new connections may be made to (the load balancer's security groups' outbound rules)
 *
 * <p>Thread-safe (immutable).
 */
record HttpListenerConfig(String listenerArn, int port, String protocol, RoutingTable routingTable,
                          ConfigSnapshot snapshot, long idleTimeoutMillis, XffMode xffMode, boolean xffClientPort,
                          DesyncMode desyncMode, boolean dropInvalidHeaderFields, LoadBalancerMetrics metrics,
                          Map<TargetGroup, TargetGroupMetrics> groupMetrics, AccessLogDestination accessLog,
                          CertificateSelector tls, ClientMatcher clients, TargetMatcher targets) {

    /** Compiles {@code listener} of {@code loadBalancer} within {@code snapshot}, counting into {@code metrics}. */
    static HttpListenerConfig compile(ConfigSnapshot snapshot, LoadBalancer loadBalancer, Listener listener,
                                      LoadBalancerMetrics metrics) {
        var attributes = loadBalancer.attributes();
        Map<TargetGroup, TargetGroupMetrics> groupMetrics = new IdentityHashMap<>();
        for (String arn : DataPlaneMetrics.forwardedGroups(listener)) {
            TargetGroup group = snapshot.targetGroup(arn);
            if (group != null) {
                groupMetrics.put(group, metrics.targetGroup(arn));
            }
        }
        return new HttpListenerConfig(listener.arn(), listener.port(), listener.protocol().name().toLowerCase(),
                RoutingTable.compile(listener), snapshot, attributes.idleTimeoutSeconds() * 1000L,
                XffMode.fromAttribute(attributes.xffHeaderProcessingMode()), attributes.xffClientPort(),
                DesyncMode.fromAttribute(attributes.desyncMitigationMode()), attributes.dropInvalidHeaderFields(),
                metrics, Collections.unmodifiableMap(groupMetrics), AccessLogDestination.of(loadBalancer), null,
                clients(snapshot.ingress(loadBalancer.arn()), "tcp", listener.port()),
                LoadBalancerEgress.targets(snapshot.egress(loadBalancer.arn()), "tcp"));
    }

    /** The clients {@code ingress} admits to {@code protocol} port {@code port}; everyone when it is null. */
    static ClientMatcher clients(LoadBalancerIngress ingress, String protocol, int port) {
        return ingress == null ? ClientMatcher.ADMIT_ALL : ingress.matcher(protocol, port);
    }

    /** This configuration terminating TLS with {@code selector}'s certificates. */
    HttpListenerConfig withTls(CertificateSelector selector) {
        return new HttpListenerConfig(listenerArn, port, protocol, routingTable, snapshot, idleTimeoutMillis, xffMode,
                xffClientPort, desyncMode, dropInvalidHeaderFields, metrics, groupMetrics, accessLog, selector, clients,
                targets);
    }

    /** The metrics of {@code group} (chosen by a forward action of this listener within this snapshot). */
    TargetGroupMetrics metricsOf(TargetGroup group) {
        TargetGroupMetrics found = groupMetrics.get(group);
        return found != null ? found : metrics.targetGroup(group.arn());
    }
}
