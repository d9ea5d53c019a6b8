package dev.ballast.control.route53;

import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;
import dev.ballast.core.dns.ResourceRecordSet;
import java.time.Clock;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Route 53 hosted zones: create (with the apex SOA and NS Route 53 makes), find, list (in creation order or by
 * name), delete (only when nothing but the apex SOA and NS is left), tags, and the changes GetChange reports.
 *
 * <p>Thread-safe: writes go through the single {@link Route53Writer}; reads use its latest state.
 */
public final class HostedZoneCommands {
    /** The name server Ballast names in every zone's NS and SOA (its DNS answers for all of them). */
    public static final String NAME_SERVER = "ns.ballast.localhost.";
    /** The apex SOA's TTL and data, as Route 53 makes it (its own name servers aside). */
    static final long SOA_TTL = 900;
    static final String SOA_DATA = NAME_SERVER + " hostmaster.ballast.localhost. 1 7200 900 1209600 86400";
    static final long NS_TTL = 172800;
    private static final int MAX_TAGS = 50;

    private final Route53Writer writer;
    private final Clock clock;
    private final Route53Ids ids;

    /** Commands writing through {@code writer}, ids from {@code random}, times from {@code clock}. */
    public HostedZoneCommands(Route53Writer writer, Clock clock, RandomGenerator random) {
        this.writer = writer;
        this.clock = clock;
        this.ids = new Route53Ids(random);
    }

    /**
     * CreateHostedZone's input.
     *
     * @param privateZone HostedZoneConfig.PrivateZone, or null
     * @param vpc null for a public zone
     */
    public record Create(String name, String callerReference, String comment, Boolean privateZone,
                         HostedZoneVpc vpc) {}

    /** A created zone and the change that created it. */
    public record Created(HostedZoneEntry zone, Route53Change change) {}

    /** Creates a hosted zone with its apex SOA and NS record sets. */
    public Created create(Create request) {
        if (request.callerReference() == null || request.callerReference().isEmpty()
                || request.callerReference().length() > 128) {
            throw new AwsException(AwsError.INVALID_INPUT, "CallerReference: " + request.callerReference()
                    + " (expected: 1-128 characters)");
        }
        String name = zoneName(request.name());
        boolean isPrivate = request.vpc() != null;
        if (Boolean.TRUE.equals(request.privateZone()) && !isPrivate) {
            throw new AwsException(AwsError.INVALID_INPUT, "VPC: (none) (expected: a VPC with VPCId and VPCRegion "
                    + "for a private hosted zone)");
        }
        if (isPrivate && (blank(request.vpc().id()) || blank(request.vpc().region()))) {
            throw new AwsException(AwsError.INVALID_VPC_ID, "VPC: VPCId " + request.vpc().id() + ", VPCRegion "
                    + request.vpc().region() + " (expected: both)");
        }
        return writer.write(d -> {
            if (d.zones.values().stream().anyMatch(z -> z.callerReference().equals(request.callerReference()))) {
                throw new AwsException(AwsError.HOSTED_ZONE_ALREADY_EXISTS,
                        "A hosted zone has already been created with the specified caller reference.");
            }
            if (isPrivate && d.zones.values().stream().anyMatch(z -> z.privateZone() && z.name().equals(name)
                    && z.vpcs().contains(request.vpc()))) {
                throw new AwsException(AwsError.CONFLICTING_DOMAIN_EXISTS,
                        "A conflicting domain is already associated with the given VPC or Delegation Set.");
            }
            long now = clock.millis();
            HostedZoneEntry zone = newZone(name, request.callerReference(), request.comment(), request.vpc(),
                    SOA_TTL, now);
            d.zones.put(zone.id(), zone);
            Route53Change change = new Route53Change(ids.change(), now, null);
            d.record(change);
            return new Created(zone, change);
        });
    }

    /**
     * A new zone {@code name} (normalized) with the apex NS and SOA Route 53 makes, the SOA with {@code soaTtl};
     * private when {@code vpc} is given. The caller puts it in a draft.
     */
    public HostedZoneEntry newZone(String name, String callerReference, String comment, HostedZoneVpc vpc,
                                   long soaTtl, long now) {
        List<ResourceRecordSet> apex = List.of(
                ResourceRecordSet.simple(name, "NS", NS_TTL, List.of(NAME_SERVER)),
                ResourceRecordSet.simple(name, "SOA", soaTtl, List.of(SOA_DATA)));
        return new HostedZoneEntry(ids.hostedZone(), name, callerReference, comment, vpc != null,
                vpc != null ? List.of(vpc) : List.of(), now, apex, Map.of());
    }

    /** The zone {@code id} (with or without the {@code /hostedzone/} prefix). */
    public HostedZoneEntry find(String id) {
        HostedZoneEntry zone = writer.state().zones().get(bareId(id));
        if (zone == null) {
            throw noSuchZone(id);
        }
        return zone;
    }

    /** Every zone in creation order. */
    public List<HostedZoneEntry> list() {
        return List.copyOf(writer.state().zones().values());
    }

    /** Every zone ordered as ListHostedZonesByName lists them: by name with labels reversed, then by id. */
    public List<HostedZoneEntry> listByName() {
        return writer.state().zones().values().stream()
                .sorted(Comparator.comparing((HostedZoneEntry z) -> DnsNames.sortKey(z.name()))
                        .thenComparing(HostedZoneEntry::id))
                .toList();
    }

    /** Deletes zone {@code id} if it holds nothing but its apex SOA and NS. */
    public Route53Change delete(String id) {
        return writer.write(d -> {
            HostedZoneEntry zone = d.zones.get(bareId(id));
            if (zone == null) {
                throw noSuchZone(id);
            }
            d.cloudMap.namespaces.values().stream().filter(n -> zone.id().equals(n.hostedZoneId())).findFirst()
                    .ifPresent(n -> {
                        throw new AwsException(AwsError.INVALID_INPUT, "HostedZoneId: " + zone.id() + " (expected: "
                                + "a zone not created by AWS Cloud Map; delete namespace " + n.id()
                                + " with DeleteNamespace instead)");
                    });
            boolean onlyApex = zone.recordSets().stream().allMatch(s -> s.name().equals(zone.name())
                    && (s.type().equals("SOA") || s.type().equals("NS")) && s.setIdentifier() == null);
            if (!onlyApex) {
                throw new AwsException(AwsError.HOSTED_ZONE_NOT_EMPTY, "The specified hosted zone contains "
                        + "non-required resource record sets and so cannot be deleted.");
            }
            d.zones.remove(zone.id());
            Route53Change change = new Route53Change(ids.change(), clock.millis(), null);
            d.record(change);
            return change;
        });
    }

    /** Adds (or replaces) and removes tags of zone {@code id}. */
    public void changeTags(String id, Map<String, String> add, List<String> remove) {
        writer.write(d -> {
            HostedZoneEntry zone = d.zones.get(bareId(id));
            if (zone == null) {
                throw noSuchZone(id);
            }
            Map<String, String> tags = new LinkedHashMap<>(zone.tags());
            remove.forEach(tags::remove);
            tags.putAll(add);
            if (tags.size() > MAX_TAGS) {
                throw new AwsException(AwsError.INVALID_INPUT, "Tags: " + tags.size() + " (expected: at most "
                        + MAX_TAGS + " per resource)");
            }
            d.zones.put(zone.id(), zone.withTags(tags));
            return null;
        });
    }

    /** The change {@code id} (with or without the {@code /change/} prefix). */
    public Route53Change change(String id) {
        String bare = id.startsWith("/change/") ? id.substring("/change/".length()) : id;
        Route53Change change = writer.state().changes().get(bare);
        if (change == null) {
            throw new AwsException(AwsError.NO_SUCH_CHANGE, "A change with the specified change ID does not exist.");
        }
        return change;
    }

    static String bareId(String id) {
        return id.startsWith("/hostedzone/") ? id.substring("/hostedzone/".length()) : id;
    }

    static AwsException noSuchZone(String id) {
        return new AwsException(AwsError.NO_SUCH_HOSTED_ZONE, "No hosted zone found with ID: " + bareId(id));
    }

    private static String zoneName(String name) {
        if (name == null || name.isBlank()) {
            throw new AwsException(AwsError.INVALID_DOMAIN_NAME, "Name: (none) (expected: a domain name such as "
                    + "example.com)");
        }
        try {
            String normalized = DnsNames.normalize(name);
            if (normalized.startsWith(DnsNames.WILDCARD)) {
                throw new IllegalArgumentException("a zone name cannot be a wildcard");
            }
            return normalized;
        } catch (IllegalArgumentException e) {
            throw new AwsException(AwsError.INVALID_DOMAIN_NAME, "Name: " + name + " (expected: a domain name such "
                    + "as example.com; " + e.getMessage() + ")");
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
