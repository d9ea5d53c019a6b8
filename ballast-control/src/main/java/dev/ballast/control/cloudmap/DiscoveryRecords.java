package dev.ballast.control.cloudmap;

import dev.ballast.core.dns.HostedZone;
import dev.ballast.core.dns.ResourceRecordSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The DNS records Cloud Map keeps in a DNS namespace's hosted zone, as Cloud Map answers them: for each service
 * {@code <service>.<namespace>}, the records of its DnsConfig for the healthy instances (all of them when none is
 * healthy), at most {@link #MAX_ANSWERS} (one for WEIGHTED routing), with the service's TTL. An SRV record names
 * {@code <instance-id>.<service>.<namespace>}, which gets the instance's own A/AAAA record.
 *
 * <p>Thread-safe (stateless).
 */
public final class DiscoveryRecords {
    /** Cloud Map answers at most eight instances for a MULTIVALUE service. */
    public static final int MAX_ANSWERS = 8;

    private DiscoveryRecords() {}

    /** {@code zone} with the records of every service of the namespace it serves, if any, added. */
    public static HostedZone served(HostedZone zone, CloudMapState state) {
        List<ResourceRecordSet> sets = new ArrayList<>();
        for (DiscoveryNamespace namespace : state.namespaces().values()) {
            if (!zone.id().equals(namespace.hostedZoneId())) {
                continue;
            }
            for (DiscoveryService service : state.services().values()) {
                if (service.namespaceId().equals(namespace.id()) && !service.dnsRecords().isEmpty()) {
                    sets.addAll(serviceRecords(namespace, service, answered(service, state)));
                }
            }
        }
        if (sets.isEmpty()) {
            return zone;
        }
        List<ResourceRecordSet> all = new ArrayList<>(zone.recordSets());
        all.addAll(sets);
        return new HostedZone(zone.id(), zone.name(), zone.privateZone(), all);
    }

    /** The instances a DNS query is answered with, in registration order. */
    static List<DiscoveryInstance> answered(DiscoveryService service, CloudMapState state) {
        List<DiscoveryInstance> all = instancesOf(service.id(), state);
        List<DiscoveryInstance> healthy = all.stream().filter(DiscoveryInstance::healthy).toList();
        List<DiscoveryInstance> chosen = healthy.isEmpty() ? all : healthy;
        int max = "WEIGHTED".equals(service.routingPolicy()) ? 1 : MAX_ANSWERS;
        return chosen.subList(0, Math.min(max, chosen.size()));
    }

    /** Every instance of service {@code serviceId}, in registration order. */
    public static List<DiscoveryInstance> instancesOf(String serviceId, CloudMapState state) {
        return state.instances().values().stream().filter(i -> i.serviceId().equals(serviceId)).toList();
    }

    /** The absolute, lower-case DNS name of {@code service} in {@code namespace}. */
    public static String serviceName(DiscoveryNamespace namespace, DiscoveryService service) {
        return service.name().toLowerCase(Locale.ROOT) + "." + namespace.name() + ".";
    }

    private static List<ResourceRecordSet> serviceRecords(DiscoveryNamespace namespace, DiscoveryService service,
                                                          List<DiscoveryInstance> instances) {
        String name = serviceName(namespace, service);
        List<ResourceRecordSet> out = new ArrayList<>();
        for (DnsRecordTemplate template : service.dnsRecords()) {
            switch (template.type()) {
                case "A" -> add(out, name, "A", template.ttl(), values(instances, DiscoveryInstance.IPV4));
                case "AAAA" -> add(out, name, "AAAA", template.ttl(), values(instances, DiscoveryInstance.IPV6));
                case "CNAME" -> add(out, name, "CNAME", template.ttl(),
                        values(instances, DiscoveryInstance.CNAME).stream().limit(1).toList());
                case "SRV" -> srv(out, name, template.ttl(), instances);
                default -> { } // the API accepts no other type
            }
        }
        return out;
    }

    private static void srv(List<ResourceRecordSet> out, String name, long ttl, List<DiscoveryInstance> instances) {
        List<String> values = new ArrayList<>();
        for (DiscoveryInstance instance : instances) {
            String port = instance.attributes().get(DiscoveryInstance.PORT);
            if (port == null) {
                continue;
            }
            String target = instance.id().toLowerCase(Locale.ROOT) + "." + name;
            values.add("1 1 " + port + " " + target);
            add(out, target, "A", ttl, values(List.of(instance), DiscoveryInstance.IPV4));
            add(out, target, "AAAA", ttl, values(List.of(instance), DiscoveryInstance.IPV6));
        }
        add(out, name, "SRV", ttl, values);
    }

    private static List<String> values(List<DiscoveryInstance> instances, String attribute) {
        return instances.stream().map(i -> i.attributes().get(attribute)).filter(v -> v != null).toList();
    }

    private static void add(List<ResourceRecordSet> out, String name, String type, long ttl, List<String> values) {
        if (!values.isEmpty()) {
            out.add(ResourceRecordSet.simple(name, type, ttl, values));
        }
    }
}
