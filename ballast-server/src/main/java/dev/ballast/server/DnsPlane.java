package dev.ballast.server;

import dev.ballast.control.ConfigPublisher;
import dev.ballast.control.ecs.run.TaskDriver;
import dev.ballast.control.elbv2.ElbSettings;
import dev.ballast.control.route53.Route53Writer;
import dev.ballast.core.health.TargetHealthTracker;
import dev.ballast.dns.DnsServer;
import dev.ballast.dns.DnsZones;
import dev.ballast.dns.LoadBalancerZones;
import dev.ballast.dns.TargetHealthFeed;
import dev.ballast.proxy.HostSockets;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Ballast's DNS servers on the configuration a {@link ConfigPublisher} publishes: the zones are compiled from every
 * snapshot the data plane takes, so a change is answered as soon as it is served, and again when a load balancer's
 * health changes (for aliases that evaluate target health). Besides the main listener ({@code --dns-address}), one
 * listens on port 53 of each address task drivers give their tasks as resolver (the Docker bridge's gateway): there a
 * load balancer bound to every address answers with that address, which containers reach, and names outside
 * Ballast's zones are forwarded as {@link DnsForwarding} says.
 *
 * <p>Thread-safe: start once, close once.
 */
final class DnsPlane implements AutoCloseable {
    /** The port containers send DNS queries to ({@code /etc/resolv.conf} has no port). */
    static final int RESOLVER_PORT = 53;

    private final List<DnsServer> servers;
    private final TargetHealthFeed health;
    private final List<DnsZones> zones;

    private DnsPlane(List<DnsServer> servers, TargetHealthFeed health, List<DnsZones> zones) {
        this.zones = List.copyOf(zones);
        this.servers = List.copyOf(servers);
        this.health = health;
    }

    /** The main DNS server's bound address (UDP and TCP). */
    InetSocketAddress address() {
        return servers.get(0).address();
    }

    /** Every listener's bound address: the main one first, then those for tasks. */
    List<InetSocketAddress> addresses() {
        return servers.stream().map(DnsServer::address).toList();
    }

    /** Compiles every zone again (cluster mode: the live nodes changed). */
    void recompile() {
        zones.forEach(DnsZones::recompile);
    }

    @Override
    public void close() {
        health.close();
        servers.forEach(DnsServer::close);
    }

    /**
     * Binds the DNS server on {@code address}:{@code port} (UDP and TCP), and on port 53 of each of {@code drivers}'
     * resolver addresses, and subscribes their zones to {@code publisher} (load balancer names, made in the zone
     * {@code settings} says), to {@code route53}'s writer (hosted zones), and to {@code targetHealth}'s views.
     *
     * @throws IllegalArgumentException when {@code address} is not an IP address
     * @throws IllegalStateException when a port is taken, naming the holder and the option to change
     */
    static DnsPlane start(String address, int port, ConfigPublisher publisher, ElbSettings settings,
                          Route53Writer route53, TargetHealthTracker targetHealth, Collection<TaskDriver> drivers,
                          DnsForwarding forwarding, Supplier<List<InetAddress>> meshAddresses) {
        InetAddress bind = literal(address);
        List<String> loadBalancerZone = List.of(settings.region() + ".elb." + settings.dnsDomain());
        Set<InetAddress> taskResolvers = new LinkedHashSet<>();
        drivers.forEach(d -> d.resolverAddress().ifPresent(taskResolvers::add));
        List<InetSocketAddress> upstreams = forwarding.mode() == DnsForwarding.Mode.NONE ? List.of()
                : forwarding.resolvers();
        List<DnsZones> zones = new ArrayList<>();
        List<DnsServer> servers = new ArrayList<>();
        try {
            InetSocketAddress main = new InetSocketAddress(bind, port);
            DnsZones mainZones = zones(loadBalancerZone, wildcardAnswer(bind), publisher, route53, zones,
                    meshAddresses);
            servers.add(bindOrExplain(main, mainZones, forwarding.mode() == DnsForwarding.Mode.ALL
                    ? withoutListener(upstreams, main) : List.of(), "choose another port with --dns-port (or address with --dns-address)"));
            for (InetAddress resolver : taskResolvers) {
                InetSocketAddress forTasks = new InetSocketAddress(resolver, RESOLVER_PORT);
                if (forTasks.equals(servers.get(0).address())) {
                    continue; // the main listener is already there (--dns-address <gateway> --dns-port 53)
                }
                DnsZones taskZones = zones(loadBalancerZone, resolver, publisher, route53, zones,
                        meshAddresses);
                servers.add(bindOrExplain(forTasks, taskZones, withoutListener(upstreams, forTasks),
                        "free port 53 on that address, or run with --container-dns off (containers then use Docker's "
                                + "default resolvers)"));
            }
        } catch (RuntimeException e) {
            servers.forEach(DnsServer::close);
            throw e;
        }
        TargetHealthFeed feed = TargetHealthFeed.start(targetHealth::view,
                view -> zones.forEach(z -> z.applyTargetHealth(view)), TargetHealthFeed.DEFAULT_INTERVAL);
        return new DnsPlane(servers, feed, zones);
    }

    private static DnsZones zones(List<String> loadBalancerZone, InetAddress wildcardAnswer, ConfigPublisher publisher,
                                  Route53Writer route53, List<DnsZones> all,
                                  Supplier<List<InetAddress>> meshAddresses) {
        LoadBalancerZones names = new LoadBalancerZones(loadBalancerZone, wildcardAnswer, null);
        DnsZones zones = new DnsZones(meshAddresses == null ? names : names.withMeshAddresses(meshAddresses));
        publisher.subscribe(zones);
        route53.subscribe(zones::applyHostedZones);
        all.add(zones);
        return zones;
    }

    /** The upstreams but {@code listener} itself: forwarding to oneself would loop. */
    private static List<InetSocketAddress> withoutListener(List<InetSocketAddress> upstreams,
                                                           InetSocketAddress listener) {
        return upstreams.stream().filter(u -> !u.equals(listener)).toList();
    }

    private static DnsServer bindOrExplain(InetSocketAddress address, DnsZones zones,
                                           List<InetSocketAddress> upstreams, String remedy) {
        try {
            return DnsServer.start(address, zones::current, 1, upstreams);
        } catch (BindException e) {
            String host = address.getAddress().getHostAddress();
            HostSockets sockets = new HostSockets();
            String transport = sockets.holder("tcp", host, address.getPort()).isPresent() ? "tcp" : "udp";
            String why = sockets.bindFailure(transport, host, address.getPort(), e).getMessage();
            throw new IllegalStateException("DNS " + why + "; " + remedy, e);
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
