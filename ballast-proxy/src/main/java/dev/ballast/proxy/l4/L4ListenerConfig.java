package dev.ballast.proxy.l4;

import dev.ballast.core.balancing.FlowHash;
import dev.ballast.core.balancing.RoutableTargets;
import dev.ballast.core.model.Action;
import dev.ballast.core.model.ConfigSnapshot;
import dev.ballast.core.model.Listener;
import dev.ballast.core.model.Protocol;
import dev.ballast.core.model.Target;
import dev.ballast.core.model.TargetAddresses;
import dev.ballast.core.model.TargetGroup;
import dev.ballast.core.security.ClientMatcher;
import dev.ballast.core.security.LoadBalancerEgress;
import dev.ballast.core.security.LoadBalancerIngress;
import dev.ballast.core.security.TargetMatcher;
import dev.ballast.proxy.ProxyCounters;
import dev.ballast.proxy.accesslog.AccessLogDestination;
import dev.ballast.proxy.tls.CertificateSelector;
import dev.ballast.proxy.tls.ServerContexts;
import dev.ballast.proxy.metrics.LoadBalancerMetrics;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * What a network load balancer's listener does with a new flow, compiled once per snapshot: the target group its
 * default action forwards to, the TCP idle timeout, whether targets get a PROXY protocol v2 header, and how the
 * target is chosen (5-tuple flow hash, or the client address alone under {@code source_ip} stickiness), and where
 * instance targets are reached; the load balancer's metrics; for a TLS listener, its certificates by server name
 * ({@code tls}, else null); which clients the load balancer's security groups admit over TCP and UDP; where a TLS
 * listener's connection log lines go ({@code accessLog}, null when {@code access_logs.s3.enabled} is false or the
 * listener is neither TLS nor a Classic Load Balancer's); which targets the load balancer's security groups'
 * outbound rules let TCP connections and UDP flows reach ({@code tcpTargets}, {@code udpTargets}); whether TCP
 * targets get a PROXY protocol v1 header instead ({@code proxyProtocolV1}, a Classic Load Balancer's backend
 * policy).
 *
 * <p>Thread-safe (immutable).
 */
record L4ListenerConfig(String listenerArn, Protocol protocol, TargetGroup group, int idleTimeoutSeconds,
                        boolean proxyProtocol, boolean sourceIpStickiness, TargetAddresses addresses,
                        LoadBalancerMetrics metrics, CertificateSelector tls, ClientMatcher tcpClients,
                        ClientMatcher udpClients, AccessLogDestination accessLog, TargetMatcher tcpTargets,
                        TargetMatcher udpTargets, boolean proxyProtocolV1) {
    /** IANA protocol numbers, part of the flow hash so a TCP and a UDP flow of one client may differ. */
    static final int IPPROTO_TCP = 6;
    static final int IPPROTO_UDP = 17;

    /**
     * Compiles {@code listener} of {@code snapshot} (a network listener forwarding to one group), counting into
     * {@code metrics}.
     */
    static L4ListenerConfig compile(ConfigSnapshot snapshot, Listener listener, LoadBalancerMetrics metrics,
                                    ServerContexts contexts, ProxyCounters counters) {
        Action.Forward forward = (Action.Forward) listener.defaultAction();
        TargetGroup group = snapshot.targetGroup(forward.targetGroups().get(0).targetGroupArn());
        CertificateSelector tls = listener.tls() == null ? null : CertificateSelector.compile(snapshot,
                listener.tls(), alpn(listener.tls().alpnPolicy()), contexts, counters);
        LoadBalancerIngress ingress = snapshot.ingress(listener.loadBalancerArn());
        LoadBalancerEgress egress = snapshot.egress(listener.loadBalancerArn());
        return new L4ListenerConfig(listener.arn(), listener.protocol(), group, listener.tcpIdleTimeoutSeconds(),
                group.attributes().proxyProtocolV2(), group.attributes().sourceIpStickiness(),
                snapshot.targetAddresses(), metrics, tls, clients(ingress, "tcp", listener.port()),
                clients(ingress, "udp", listener.port()),
                connectionLog(snapshot, listener, tls != null),
                LoadBalancerEgress.targets(egress, "tcp"), LoadBalancerEgress.targets(egress, "udp"),
                group.attributes().proxyProtocolV1());
    }

    /**
     * Where the listener's connection log lines go: a TLS listener's (NLB's TLS access logs) or any TCP listener's
     * of a Classic Load Balancer, when its access logs are on; else null.
     */
    private static AccessLogDestination connectionLog(ConfigSnapshot snapshot, Listener listener, boolean tls) {
        AccessLogDestination destination = AccessLogDestination.of(snapshot.loadBalancer(listener.loadBalancerArn()));
        return destination != null && (tls || destination.classic()) ? destination : null;
    }

    /** The clients {@code ingress} admits to {@code protocol} port {@code port}; everyone when it is null. */
    private static ClientMatcher clients(LoadBalancerIngress ingress, String protocol, int port) {
        return ingress == null ? ClientMatcher.ADMIT_ALL : ingress.matcher(protocol, port);
    }

    /** What a TLS listener offers by ALPN under its {@code AlpnPolicy} (AWS's five values; none by default). */
    static List<String> alpn(List<String> policy) {
        String p = policy.isEmpty() ? "None" : policy.get(0);
        return switch (p) {
            case "HTTP1Only" -> List.of("http/1.1");
            case "HTTP2Only" -> List.of("h2");
            case "HTTP2Optional" -> List.of("http/1.1", "h2");
            case "HTTP2Preferred" -> List.of("h2", "http/1.1");
            default -> List.of();
        };
    }

    /** The listener's id as access logs show it: the last part of its ARN. */
    String listenerId() {
        return listenerArn.substring(listenerArn.lastIndexOf('/') + 1);
    }

    /** True when targets are reached over TLS (a TLS target group). */
    boolean tlsToTargets() {
        return group.protocol() == Protocol.TLS;
    }

    /**
     * The target for a new flow from {@code client} to {@code local}, among the targets {@code routable} allows
     * (healthy ones, or every registered one when none is); null when the group has no target.
     */
    Target choose(RoutableTargets routable, InetSocketAddress client, InetSocketAddress local, int ipProtocol) {
        long hash = sourceIpStickiness ? FlowHash.ofSource(client.getAddress())
                : FlowHash.ofFlow(ipProtocol, client, local);
        return FlowHash.pick(routable.routable(group), hash);
    }

    /** The socket address to connect to for {@code target}, or null when it resolves to none (an unknown instance). */
    InetSocketAddress addressOf(Target target) {
        String ip = addresses.ipOf(target);
        return ip == null ? null : new InetSocketAddress(ip, target.port());
    }
}
