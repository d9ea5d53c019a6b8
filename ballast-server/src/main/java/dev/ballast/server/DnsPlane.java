package dev.ballast.server;

import dev.ballast.control.ConfigPublisher;
import dev.ballast.core.health.TargetHealthTracker;
import dev.ballast.control.elbv2.ElbSettings;
import dev.ballast.control.route53.Route53Writer;
import dev.ballast.dns.DnsServer;
import dev.ballast.dns.DnsZones;
import dev.ballast.dns.LoadBalancerZones;
import dev.ballast.dns.TargetHealthFeed;
import dev.ballast.proxy.HostSockets;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Ballast's DNS server on the configuration a {@link ConfigPublisher} publishes: the zones are compiled from every
 * snapshot the data plane takes, so a change is answered as soon as it is served, and again when a load balancer's
 * health changes (for aliases that evaluate target health).
 *
 * <p>Thread-safe: start once, close once.
 */
final class DnsPlane implements AutoCloseable {
    private final DnsServer server;
    private final TargetHealthFeed health;

    private DnsPlane(DnsServer server, TargetHealthFeed health) {
        this.server = server;
        this.health = health;
    }

    /** The DNS server's bound address (UDP and TCP). */
    InetSocketAddress address() {
        return server.address();
    }

    @Override
    public void close() {
        health.close();
        server.close();
    }

    /**
     * Binds the DNS server on {@code address}:{@code port} (UDP and TCP) and subscribes its zones to
     * {@code publisher} (load balancer names, made in the zone {@code settings} says) and to {@code route53}'s
     * writer (hosted zones), and to {@code targetHealth}'s views.
     *
     * @throws IllegalArgumentException when {@code address} is not an IP address
     * @throws IllegalStateException when the port is taken, naming the holder and the option to change
     */
    static DnsPlane start(String address, int port, ConfigPublisher publisher, ElbSettings settings,
                          Route53Writer route53, TargetHealthTracker targetHealth) {
        InetAddress bind = literal(address);
        String loadBalancerZone = settings.region() + ".elb." + settings.dnsDomain();
        DnsZones zones = new DnsZones(new LoadBalancerZones(List.of(loadBalancerZone), wildcardAnswer(bind), null));
        publisher.subscribe(zones);
        route53.subscribe(zones::applyHostedZones);
        DnsServer server;
        try {
            server = DnsServer.start(new InetSocketAddress(bind, port), zones::current, 1);
        } catch (BindException e) {
            HostSockets host = new HostSockets();
            String transport = host.holder("tcp", address, port).isPresent() ? "tcp" : "udp";
            String why = host.bindFailure(transport, address, port, e).getMessage();
            throw new IllegalStateException("DNS " + why + "; choose another port with --dns-port (or address "
                    + "with --dns-address)", e);
        }
        return new DnsPlane(server, TargetHealthFeed.start(targetHealth::view, zones, TargetHealthFeed.DEFAULT_INTERVAL));
    }

    /**
     * The address a load balancer bound to every address is reached on: the DNS server's own address when it is a
     * specific one (clients that can ask it can reach it), else loopback.
     */
    private static InetAddress wildcardAnswer(InetAddress dns) {
        return dns.isAnyLocalAddress() || !(dns instanceof java.net.Inet4Address) ? InetAddress.getLoopbackAddress()
                : dns;
    }

    private static InetAddress literal(String address) {
        try {
            if (!address.matches("[0-9.]+|.*:.*")) {
                throw new UnknownHostException(address);
            }
            return InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("--dns-address: " + address + " (expected: an IP address such as "
                    + "127.0.0.1)", e);
        }
    }
}
