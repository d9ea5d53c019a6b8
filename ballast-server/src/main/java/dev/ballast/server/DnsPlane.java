package dev.ballast.server;

import dev.ballast.control.ConfigPublisher;
import dev.ballast.control.elbv2.ElbSettings;
import dev.ballast.control.route53.Route53Writer;
import dev.ballast.dns.DnsServer;
import dev.ballast.dns.DnsZones;
import dev.ballast.dns.LoadBalancerZones;
import dev.ballast.proxy.HostSockets;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Starts Ballast's DNS server on the configuration a {@link ConfigPublisher} publishes: the zones are compiled from
 * every snapshot the data plane takes, so a change is answered as soon as it is served.
 *
 * <p>Thread-safe (stateless).
 */
final class DnsPlane {
    private DnsPlane() {}

    /**
     * Binds the DNS server on {@code address}:{@code port} (UDP and TCP) and subscribes its zones to
     * {@code publisher} (load balancer names, made in the zone {@code settings} says) and to {@code route53}'s
     * writer (hosted zones).
     *
     * @throws IllegalArgumentException when {@code address} is not an IP address
     * @throws IllegalStateException when the port is taken, naming the holder and the option to change
     */
    static DnsServer start(String address, int port, ConfigPublisher publisher, ElbSettings settings,
                           Route53Writer route53) {
        InetAddress bind = literal(address);
        String loadBalancerZone = settings.region() + ".elb." + settings.dnsDomain();
        DnsZones zones = new DnsZones(new LoadBalancerZones(List.of(loadBalancerZone), wildcardAnswer(bind), null));
        publisher.subscribe(zones);
        route53.subscribe(zones::applyHostedZones);
        try {
            return DnsServer.start(new InetSocketAddress(bind, port), zones::current, 1);
        } catch (BindException e) {
            HostSockets host = new HostSockets();
            String transport = host.holder("tcp", address, port).isPresent() ? "tcp" : "udp";
            String why = host.bindFailure(transport, address, port, e).getMessage();
            throw new IllegalStateException("DNS " + why + "; choose another port with --dns-port (or address "
                    + "with --dns-address)", e);
        }
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
