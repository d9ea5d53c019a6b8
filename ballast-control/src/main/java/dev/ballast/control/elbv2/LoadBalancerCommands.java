package dev.ballast.control.elbv2;

import dev.ballast.control.InternalAddresses;
import dev.ballast.control.ec2.Ec2Network;
import dev.ballast.control.ec2.LoadBalancerPlacement;
import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;
import dev.ballast.core.model.LoadBalancer;
import dev.ballast.core.model.LoadBalancerAttributes;
import dev.ballast.core.model.LoadBalancerType;
import dev.ballast.core.model.Scheme;
import dev.ballast.core.validation.Check;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Commands on load balancers: create (idempotent for identical settings), delete (honouring deletion
 * protection), attributes, security groups, subnets and IP address type.
 *
 * <p>Thread-safe: every command runs through the single {@link ElbWriter}.
 */
public final class LoadBalancerCommands {
    /** The IP address types AWS accepts. */
    public static final List<String> IP_ADDRESS_TYPES = List.of("ipv4", "dualstack", "dualstack-without-public-ipv4");

    private final ElbWriter writer;
    private final ElbEnvironment env;
    private final Supplier<Ec2Network> network;

    /** Commands through {@code writer}. */
    public LoadBalancerCommands(ElbWriter writer, ElbEnvironment env, Supplier<Ec2Network> network) {
        this.writer = writer;
        this.env = env;
        this.network = network;
    }

    /** What CreateLoadBalancer asks for; null fields take AWS's defaults. */
    public record Create(String name, LoadBalancerType type, Scheme scheme, List<String> subnets,
                         List<String> securityGroups, String ipAddressType, List<Tags.Tag> tags) {}

    /** Creates a load balancer, or returns the existing one of that name if its settings are the same. */
    public LoadBalancerEntry create(Create request) {
        LoadBalancerType type = request.type() == null ? LoadBalancerType.APPLICATION : request.type();
        Scheme scheme = request.scheme() == null ? Scheme.INTERNET_FACING : request.scheme();
        String ipType = checkIpAddressType(request.ipAddressType() == null ? "ipv4" : request.ipAddressType());
        Check.resourceName("Name", request.name());
        Check.that(!request.name().startsWith("internal-"), "Name", request.name(),
                "a name not beginning with internal-");
        Tags tags = Tags.of(request.tags() == null ? List.of() : request.tags());
        List<String> requestedGroups = request.securityGroups() == null ? List.of() : request.securityGroups();
        // an application load balancer without groups gets its VPC's default group, as AWS does; a network one none
        LoadBalancerPlacement placement = place(request.subnets() == null ? List.of() : request.subnets(),
                requestedGroups, type == LoadBalancerType.APPLICATION);
        return writer.write(d -> {
            for (LoadBalancerEntry existing : d.loadBalancers.values()) {
                if (existing.model().name().equals(request.name())) {
                    if (existing.model().type() == type && existing.model().scheme() == scheme) {
                        return existing;
                    }
                    throw new AwsException(AwsError.DUPLICATE_LOAD_BALANCER_NAME,
                            "A load balancer with the same name '" + request.name() + "' exists, but with different settings");
                }
            }
            String limitName = type == LoadBalancerType.APPLICATION ? "application-load-balancers"
                    : "network-load-balancers";
            long count = d.loadBalancers.values().stream().filter(lb -> lb.model().type() == type).count();
            if (count >= env.settings().limits().get(limitName)) {
                throw new AwsException(AwsError.TOO_MANY_LOAD_BALANCERS, "The quota of " + limitName + " ("
                        + env.settings().limits().get(limitName) + ") is reached");
            }
            String arn = env.arns().loadBalancer(type, request.name());
            String bindAddress = scheme == Scheme.INTERNAL ? nextInternalAddress(d) : nextPublicAddress(d);
            LoadBalancer model = new LoadBalancer(arn, request.name(), type, scheme, dnsName(request.name(), scheme),
                    bindAddress, LoadBalancerAttributes.defaults(type));
            List<String> subnets = placement != null ? placement.subnets()
                    : request.subnets() == null || request.subnets().isEmpty() ? List.of("subnet-ballast-a")
                    : request.subnets();
            LoadBalancerEntry entry = new LoadBalancerEntry(model, subnets,
                    placement != null ? placement.securityGroups() : requestedGroups, ipType, env.now(), tags);
            d.loadBalancers.put(arn, entry);
            return entry;
        });
    }

    private String dnsName(String name, Scheme scheme) {
        long digits = 1_000_000_000L + Math.floorMod(env.random().nextLong(), 9_000_000_000L);
        return (scheme == Scheme.INTERNAL ? "internal-" : "") + name + "-" + digits + "." + env.settings().region()
                + ".elb." + env.settings().dnsDomain();
    }

    private String nextInternalAddress(ElbDraft d) {
        return InternalAddresses.next(env.settings().internalAddressPrefix(), usedAddresses(d),
                env.settings().addressTakenOnHost());
    }

    /** The --public-address, or with a pool of them, one that no other load balancer has. */
    private String nextPublicAddress(ElbDraft d) {
        return env.settings().publicAddresses().next(usedAddresses(d), env.settings().addressTakenOnHost());
    }

    private static Set<String> usedAddresses(ElbDraft d) {
        Set<String> used = new HashSet<>();
        d.loadBalancers.values().forEach(lb -> used.add(lb.model().bindAddress()));
        return used;
    }

    /**
     * Deletes a load balancer with its listeners and rules; deleting one that does not exist succeeds, one that is
     * the target of an {@code alb} target group fails.
     */
    public void delete(String arn) {
        writer.write(d -> {
            LoadBalancerEntry lb = d.loadBalancers.get(arn);
            if (lb == null) {
                return null;
            }
            if (lb.model().attributes().deletionProtection()) {
                throw new AwsException(AwsError.OPERATION_NOT_PERMITTED, "Load balancer '" + arn
                        + "' cannot be deleted because deletion protection is enabled");
            }
            AlbTargets.checkNotTarget(d, arn);
            for (ListenerEntry l : d.listenersOf(arn)) {
                d.rulesOf(l.arn()).forEach(r -> d.rules.remove(r.arn()));
                d.listeners.remove(l.arn());
            }
            d.loadBalancers.remove(arn);
            return null;
        });
    }

    /** Applies attribute changes (all validated first) and returns every attribute. */
    public Map<String, String> modifyAttributes(String arn, Map<String, String> changes) {
        return writer.write(d -> {
            LoadBalancerEntry lb = d.loadBalancer(arn);
            LoadBalancer m = lb.model();
            LoadBalancerAttributes attributes = m.attributes().with(m.type(), changes);
            d.loadBalancers.put(arn, lb.with(new LoadBalancer(m.arn(), m.name(), m.type(), m.scheme(), m.dnsName(),
                    m.bindAddress(), attributes)));
            return attributes.values();
        });
    }

    /** Replaces the security groups. */
    public List<String> setSecurityGroups(String arn, List<String> groups) {
        groups.forEach(g -> Check.that(g.matches("sg-[0-9a-zA-Z]{1,32}"), "SecurityGroups", g,
                "a security group id such as sg-0123456789abcdef0"));
        return writer.write(d -> {
            LoadBalancerEntry lb = d.loadBalancer(arn);
            LoadBalancerPlacement placement = place(lb.subnets(), groups,
                    lb.model().type() == LoadBalancerType.APPLICATION);
            List<String> next = placement == null ? groups : placement.securityGroups();
            d.loadBalancers.put(arn, new LoadBalancerEntry(lb.model(), lb.subnets(), next, lb.ipAddressType(),
                    lb.createdAt(), lb.tags()));
            return next;
        });
    }

    /** Replaces the subnets (availability zones). */
    public LoadBalancerEntry setSubnets(String arn, List<String> subnets) {
        Check.list("Subnets", subnets, 1, 32);
        subnets.forEach(s -> Check.that(s.matches("subnet-[0-9a-zA-Z-]{1,40}"), "Subnets", s,
                "a subnet id such as subnet-0123456789abcdef0"));
        Check.that(new HashSet<>(subnets).size() == subnets.size(), "Subnets", subnets, "each subnet once");
        return writer.write(d -> {
            LoadBalancerEntry lb = d.loadBalancer(arn);
            // the new subnets must be in the VPC of the load balancer's groups
            place(subnets, lb.securityGroups(), false);
            LoadBalancerEntry next = new LoadBalancerEntry(lb.model(), subnets, lb.securityGroups(),
                    lb.ipAddressType(), lb.createdAt(), lb.tags());
            d.loadBalancers.put(arn, next);
            return next;
        });
    }

    /** Sets the IP address type. */
    public String setIpAddressType(String arn, String ipAddressType) {
        String type = checkIpAddressType(ipAddressType);
        return writer.write(d -> {
            LoadBalancerEntry lb = d.loadBalancer(arn);
            d.loadBalancers.put(arn, new LoadBalancerEntry(lb.model(), lb.subnets(), lb.securityGroups(), type,
                    lb.createdAt(), lb.tags()));
            return type;
        });
    }

    /** The EC2 placement of {@code subnets} and {@code groups}, or null when subnets are free-form (no EC2). */
    private LoadBalancerPlacement place(List<String> subnets, List<String> groups, boolean defaultGroup) {
        Ec2Network n = network.get();
        return n == null ? null : n.place(subnets, groups, defaultGroup, AwsError.INVALID_CONFIGURATION_REQUEST,
                "The specified security group does not exist.");
    }

    private static String checkIpAddressType(String type) {
        Check.that(IP_ADDRESS_TYPES.contains(type), "IpAddressType", type, "one of " + String.join(", ",
                IP_ADDRESS_TYPES));
        return type;
    }
}
