package dev.ballast.control.classic;

import dev.ballast.core.model.AccessLogLocation;
import dev.ballast.control.BestEffortPublisher;
import dev.ballast.control.ConfigPublisher;
import dev.ballast.control.InternalAddresses;
import dev.ballast.control.ec2.Ec2Network;
import dev.ballast.control.ec2.LoadBalancerPlacement;
import dev.ballast.control.ec2.Subnet;
import dev.ballast.control.elbv2.ElbSettings;
import dev.ballast.control.elbv2.RunningInstances;
import dev.ballast.control.elbv2.Tags;
import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;
import dev.ballast.control.error.AwsMessages;
import dev.ballast.control.store.Store;
import dev.ballast.core.health.TargetHealth;
import dev.ballast.core.model.Scheme;
import dev.ballast.core.model.Target;
import dev.ballast.core.model.TargetGroup;
import dev.ballast.core.validation.Check;
import dev.ballast.core.validation.ValidationException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.Predicate;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.random.RandomGenerator;

/**
 * The Classic Load Balancer control plane (API version 2012-06-01): commands through one {@link ClassicWriter},
 * reads from its latest committed state, and instance health from the data plane's health tracker.
 *
 * <p>Thread-safe: commands are serialised by the writer; reads see an immutable state.
 */
public final class ClassicControl {
    /** Whether a certificate ARN names a stored ACM or IAM certificate; none until the server wires them in. */
    private volatile Predicate<String> certificateExists = arn -> false;
    /** The EC2 subnets and groups, once the server wires them in. */
    private volatile Ec2Network network;
    /** Classic load balancers per region, AWS's default quota. */
    public static final int MAX_LOAD_BALANCERS = 20;
    /** Internal classic load balancers bind {@code 127.0.11.1} to {@code 127.0.11.254}. */
    public static final String INTERNAL_ADDRESS_PREFIX = "127.0.11.";

    private final ClassicWriter writer;
    private final ClassicPolicyControl policies;
    private final ElbSettings settings;
    private final Clock clock;
    private final RandomGenerator random;
    private volatile BiFunction<String, Target, TargetHealth> health = (group, target) -> TargetHealth.HEALTHY;
    /** The instances an EC2-style instance id may name: this server's until the server wires in the cluster's. */
    private volatile RunningInstances running;

    private ClassicControl(ClassicWriter writer, ElbSettings settings, Clock clock, RandomGenerator random) {
        this.writer = writer;
        this.policies = new ClassicPolicyControl(writer);
        this.settings = settings;
        this.clock = clock;
        this.random = random;
        this.running = new RunningInstances(settings.targetAddresses());
    }

    /** Loads the classic configuration from {@code store}, publishes it and returns the control plane. */
    public static ClassicControl open(Store store, ConfigPublisher publisher, ElbSettings settings, Clock clock,
                                      RandomGenerator random) {
        ClassicSnapshot snapshots = new ClassicSnapshot(settings.region(), settings.accountId());
        return new ClassicControl(ClassicWriter.open(store, snapshots, publisher, settings), settings,
                clock, random);
    }

    /** The policy commands and reads. */
    public ClassicPolicyControl policies() {
        return policies;
    }

    /** Checks instance ids against {@code instances} from now on (the live nodes of a cluster). */
    public void runningInstances(RunningInstances instances) {
        this.running = instances;
    }

    /** Reads instance health from {@code source} (target group ARN, target → health) from now on. */
    public void healthSource(BiFunction<String, Target, TargetHealth> source) {
        this.health = source;
    }

    /** The stored listeners that are not served (their port or address cannot be bound). */
    public Collection<BestEffortPublisher.NotServed> listenersNotServed() {
        return writer.listenerFailures().values();
    }

    /** Tries again to bind the stored listeners that could not be bound (e.g. their port is free again). */
    public void retryFailedListeners() {
        writer.retryFailedListeners();
    }

    /** Takes what other nodes committed to the store since this node's state (cluster mode). */
    public void catchUp() {
        writer.catchUp();
    }

    /** The latest committed state. */
    public ClassicState state() {
        return writer.state();
    }

    /** The ARN of load balancer {@code name}. */
    public String arn(String name) {
        return ClassicSnapshot.arn(settings.region(), settings.accountId(), name);
    }

    /** The VPC shown on load balancers. */
    public String vpcId() {
        return settings.vpcId();
    }

    /** What CreateLoadBalancer asks for; null fields take AWS's defaults. */
    public record Create(String name, List<ClassicListener> listeners, List<String> availabilityZones,
                         List<String> subnets, List<String> securityGroups, Scheme scheme, List<Tags.Tag> tags) {}

    /** Creates a load balancer, or returns the existing one of that name if its listeners are the same. */
    public ClassicLoadBalancer create(Create r) {
        checkName(r.name());
        if (r.listeners() == null || r.listeners().isEmpty()) {
            throw new AwsException(AwsError.VALIDATION_ERROR, "Listeners: missing (expected: at least one listener)");
        }
        r.listeners().forEach(this::checkCertificate);
        List<ClassicListener> listeners = merged(List.of(), r.listeners());
        Scheme scheme = r.scheme() == null ? Scheme.INTERNET_FACING : r.scheme();
        Tags tags = Tags.of(r.tags() == null ? List.of() : r.tags(), Tags.CLASSIC_MAX_TAGS);
        List<String> requestedSubnets = r.subnets() == null ? List.of() : r.subnets();
        List<String> requestedZones = r.availabilityZones() == null ? List.of() : r.availabilityZones();
        List<String> groups = r.securityGroups() == null ? List.of() : r.securityGroups();
        Ec2Network n = network;
        LoadBalancerPlacement placement = n == null ? null : n.place(requestedSubnets.isEmpty()
                        ? defaultSubnetsOf(n, requestedZones) : requestedSubnets, groups, true,
                AwsError.CLASSIC_INVALID_CONFIGURATION_REQUEST,
                "One or more of the specified security groups do not exist.");
        List<String> subnets = placement != null ? placement.subnets() : requestedSubnets;
        // A load balancer in subnets is in their zones, as AWS describes it; without subnets or zones it is in the
        // region's first zone.
        List<String> zones = placement != null ? subnets.stream().map(s -> n.subnet(s).availabilityZone()).toList()
                : requestedZones.isEmpty() ? zonesOf(subnets) : requestedZones;
        List<String> securityGroups = placement != null ? placement.securityGroups() : groups;
        return writer.write(lbs -> {
            ClassicLoadBalancer existing = lbs.get(r.name());
            if (existing != null) {
                if (existing.listeners().equals(listeners) && existing.scheme() == scheme) {
                    return existing;
                }
                throw new AwsException(AwsError.DUPLICATE_LOAD_BALANCER_NAME, "Load balancer name '" + r.name()
                        + "' already exists with a different configuration");
            }
            if (lbs.size() >= MAX_LOAD_BALANCERS) {
                throw new AwsException(AwsError.TOO_MANY_LOAD_BALANCERS, "The quota of classic load balancers ("
                        + MAX_LOAD_BALANCERS + ") is reached");
            }
            String bind = scheme == Scheme.INTERNAL ? nextInternalAddress(lbs)
                    : settings.publicAddresses().next(usedAddresses(lbs), settings.addressTakenOnHost());
            ClassicLoadBalancer lb = new ClassicLoadBalancer(r.name(), scheme, dnsName(r.name(), scheme), bind,
                    clock.millis(), listeners, ClassicHealthCheck.defaultFor(listeners.get(0).instancePort()),
                    List.of(), ClassicAttributes.DEFAULTS, zones, subnets, securityGroups, tags);
            lbs.put(lb.name(), lb);
            return lb;
        });
    }

    /** The zones of {@code subnets} (zone i of the region for subnet i); the region's first zone without any. */
    private List<String> zonesOf(List<String> subnets) {
        return subnets.isEmpty() ? List.of(settings.region() + "a") : subnets.stream()
                .map(s -> settings.region() + (char) ('a' + Math.min(subnets.indexOf(s), 25))).toList();
    }

    /** AttachLoadBalancerToSubnets: adds {@code added} (each once) and returns every subnet; zones follow. */
    public List<String> attachSubnets(String name, List<String> added) {
        requireSubnets(added);
        return update(name, lb -> {
            Set<String> all = new LinkedHashSet<>(lb.subnets());
            all.addAll(added);
            List<String> subnets = List.copyOf(all);
            return lb.withSubnets(subnets, zonesOf(subnets));
        }).subnets();
    }

    /**
     * DetachLoadBalancerFromSubnets: removes {@code removed} and returns the subnets left; a load balancer in subnets
     * keeps at least one ("it must be attached to at least one subnet", Classic guide).
     */
    public List<String> detachSubnets(String name, List<String> removed) {
        requireSubnets(removed);
        return update(name, lb -> {
            List<String> left = lb.subnets().stream().filter(s -> !removed.contains(s)).toList();
            if (left.isEmpty() && !lb.subnets().isEmpty()) {
                throw new AwsException(AwsError.CLASSIC_INVALID_CONFIGURATION_REQUEST, "Subnets: " + removed
                        + " (expected: at least one subnet left attached to load balancer " + name + ")");
            }
            return lb.withSubnets(left, left.isEmpty() ? lb.availabilityZones() : zonesOf(left));
        }).subnets();
    }

    private static void requireSubnets(List<String> subnets) {
        if (subnets == null || subnets.isEmpty()) {
            throw new AwsException(AwsError.VALIDATION_ERROR, "Subnets: missing (expected: at least one subnet)");
        }
    }

    /** Deletes load balancer {@code name}; deleting one that does not exist succeeds, as on AWS. */
    public void delete(String name) {
        writer.write(lbs -> lbs.remove(name));
    }

    /** Adds listeners; one on a port already used with other settings is a DuplicateListener. */
    public ClassicLoadBalancer createListeners(String name, List<ClassicListener> added) {
        added.forEach(this::checkCertificate);
        return update(name, lb -> lb.withListeners(merged(lb.listeners(), added)));
    }

    /**
     * Resolves subnets and security groups against the EC2 resources from now on; without it (the default) subnet
     * ids are free-form.
     */
    public void network(Ec2Network network) {
        this.network = network;
    }

    /**
     * The default subnets of {@code zones} (a load balancer created with zones only is in the default VPC, as AWS
     * places it); an unknown zone is AWS's ValidationError.
     */
    private List<String> defaultSubnetsOf(Ec2Network n, List<String> zones) {
        List<String> out = new java.util.ArrayList<>();
        for (String zone : zones) {
            Subnet subnet = n.defaultSubnetOf(zone);
            if (subnet == null) {
                throw new AwsException(AwsError.VALIDATION_ERROR, "AvailabilityZones: " + zone
                        + " (expected: a zone with a default subnet)");
            }
            out.add(subnet.id());
        }
        return out;
    }

    /**
     * ApplySecurityGroupsToLoadBalancer: replaces the groups; each must exist in the load balancer's VPC (without
     * EC2 resources, any {@code sg-} id is taken as it is).
     */
    public ClassicLoadBalancer applySecurityGroups(String name, List<String> groups) {
        if (groups == null || groups.isEmpty()) {
            throw new AwsException(AwsError.VALIDATION_ERROR, "SecurityGroups: missing (expected: at least one"
                    + " security group id)");
        }
        return update(name, lb -> {
            Ec2Network n = network;
            List<String> next = n == null ? groups : n.place(lb.subnets(), groups, false,
                    AwsError.CLASSIC_INVALID_CONFIGURATION_REQUEST,
                    "One or more of the specified security groups do not exist.").securityGroups();
            return lb.withSecurityGroups(next);
        });
    }

    /** Checks certificate ARNs against {@code exists} from now on (the ACM and IAM certificates). */
    public void certificates(Predicate<String> exists) {
        this.certificateExists = exists;
    }

    /** Makes the HTTPS or SSL listener on {@code port} present certificate {@code certificateId}. */
    public ClassicLoadBalancer setListenerCertificate(String name, int port, String certificateId) {
        if (certificateId == null || certificateId.isEmpty()) {
            throw new AwsException(AwsError.VALIDATION_ERROR, "SSLCertificateId: missing (expected: a certificate"
                    + " ARN)");
        }
        if (!certificateExists.test(certificateId)) {
            throw new AwsException(AwsError.CERTIFICATE_NOT_FOUND, "Certificate '" + certificateId + "' not found");
        }
        return update(name, lb -> {
            ClassicListener found = lb.listeners().stream().filter(l -> l.loadBalancerPort() == port).findFirst()
                    .orElseThrow(() -> new AwsException(AwsError.CLASSIC_LISTENER_NOT_FOUND, "There is no listener"
                            + " on port " + port + " of load balancer " + name));
            if (!found.terminatesTls()) {
                throw new AwsException(AwsError.CLASSIC_INVALID_CONFIGURATION_REQUEST, "LoadBalancerPort: " + port
                        + " (expected: the port of an HTTPS or SSL listener; this one is " + found.protocol() + ")");
            }
            return lb.withListeners(lb.listeners().stream().map(l -> l == found ? l.withCertificate(certificateId)
                    : l).toList());
        });
    }

    /** The ARNs of the classic load balancers with an HTTPS or SSL listener presenting {@code certificateArn}. */
    public List<String> loadBalancersUsingCertificate(String certificateArn) {
        return state().loadBalancers().values().stream()
                .filter(lb -> lb.listeners().stream().anyMatch(l -> certificateArn.equals(l.sslCertificateId())))
                .map(lb -> arn(lb.name())).toList();
    }

    private void checkCertificate(ClassicListener listener) {
        if (listener.terminatesTls() && !certificateExists.test(listener.sslCertificateId())) {
            throw new AwsException(AwsError.CERTIFICATE_NOT_FOUND, "Certificate '" + listener.sslCertificateId()
                    + "' not found");
        }
    }

    /** Removes the listeners on {@code ports}; ports without a listener are ignored. */
    public ClassicLoadBalancer deleteListeners(String name, List<Integer> ports) {
        Set<Integer> gone = new HashSet<>(ports);
        return update(name, lb -> {
            ClassicPolicies kept = lb.policies();
            for (int port : gone) {
                kept = kept.withListener(port, List.of()); // a deleted listener's policies go with it, as on AWS
            }
            return lb.withListeners(lb.listeners().stream().filter(l -> !gone.contains(l.loadBalancerPort()))
                    .toList()).withPolicies(kept);
        });
    }

    /** Replaces the health check. */
    public ClassicHealthCheck configureHealthCheck(String name, ClassicHealthCheck check) {
        return update(name, lb -> lb.withHealthCheck(check)).healthCheck();
    }

    /**
     * Registers instances (ids already registered stay once); returns every registered instance. An EC2-style id
     * must name a running instance (a live node), else InvalidInstance in AWS's words.
     */
    public List<String> register(String name, List<String> ids) {
        ids.forEach(ClassicInstances::check);
        RunningInstances known = running;
        for (String id : ids) {
            if (ClassicInstances.isInstanceId(id) && !known.isRunning(id)) {
                throw new AwsException(AwsError.INVALID_INSTANCE, "Could not find EC2 instance " + id + ".");
            }
        }
        return update(name, lb -> {
            Set<String> all = new LinkedHashSet<>(lb.instances());
            all.addAll(ids);
            return lb.withInstances(new ArrayList<>(all));
        }).instances();
    }

    /** Deregisters instances; an id that is not registered is an InvalidInstance. Returns the remaining ones. */
    public List<String> deregister(String name, List<String> ids) {
        return update(name, lb -> {
            for (String id : ids) {
                if (!lb.instances().contains(id)) {
                    throw new AwsException(AwsError.INVALID_INSTANCE, "The requested instance '" + id
                            + "' is not registered with load balancer '" + name + "'");
                }
            }
            return lb.withInstances(lb.instances().stream().filter(i -> !ids.contains(i)).toList());
        }).instances();
    }

    /** Changes attributes; null fields keep their value. */
    public record AttributeChange(Boolean crossZone, Boolean drainingEnabled, Integer drainingTimeout,
                                  Integer idleTimeout, Boolean accessLogEnabled, String accessLogBucket,
                                  Integer accessLogEmitInterval, String accessLogPrefix, String desyncMitigationMode) {
        /** A change of the first five attributes only. */
        public AttributeChange(Boolean crossZone, Boolean drainingEnabled, Integer drainingTimeout,
                               Integer idleTimeout, Boolean accessLogEnabled) {
            this(crossZone, drainingEnabled, drainingTimeout, idleTimeout, accessLogEnabled, null, null, null, null);
        }
    }

    /** Applies {@code change} to the attributes and returns them. */
    public ClassicAttributes modifyAttributes(String name, AttributeChange change) {
        // the access logs are written under the data directory with these as folder names: nothing may leave it
        if (change.accessLogBucket() != null && !AccessLogLocation.validBucket(change.accessLogBucket())) {
            throw new AwsException(AwsError.CLASSIC_INVALID_CONFIGURATION_REQUEST, "AccessLog.S3BucketName: "
                    + change.accessLogBucket() + " (expected: " + AccessLogLocation.BUCKET_EXPECTED + ")");
        }
        if (change.accessLogPrefix() != null && !AccessLogLocation.validPrefix(change.accessLogPrefix())) {
            throw new AwsException(AwsError.CLASSIC_INVALID_CONFIGURATION_REQUEST, "AccessLog.S3BucketPrefix: "
                    + change.accessLogPrefix() + " (expected: " + AccessLogLocation.PREFIX_EXPECTED + ")");
        }
        return update(name, lb -> {
            ClassicAttributes a = lb.attributes();
            return lb.withAttributes(new ClassicAttributes(
                    or(change.crossZone(), a.crossZone()),
                    or(change.drainingEnabled(), a.drainingEnabled()),
                    or(change.drainingTimeout(), a.drainingTimeout()),
                    or(change.idleTimeout(), a.idleTimeout()),
                    or(change.accessLogEnabled(), a.accessLogEnabled()),
                    or(change.accessLogBucket(), a.accessLogBucket()),
                    or(change.accessLogEmitInterval(), a.accessLogEmitInterval()),
                    or(change.accessLogPrefix(), a.accessLogPrefix()),
                    or(change.desyncMitigationMode(), a.desyncMitigationMode())));
        }).attributes();
    }

    private static <T> T or(T changed, T current) {
        return changed == null ? current : changed;
    }

    /** Adds (or replaces) tags on every load balancer in {@code names}. */
    public void addTags(List<String> names, List<Tags.Tag> tags) {
        writer.write(lbs -> {
            names.forEach(n -> lbs.put(n, find(lbs, n).withTags(find(lbs, n).tags().plus(tags, Tags.CLASSIC_MAX_TAGS))));
            return null;
        });
    }

    /** Removes tag keys from every load balancer in {@code names}. */
    public void removeTags(List<String> names, List<String> keys) {
        writer.write(lbs -> {
            names.forEach(n -> lbs.put(n, find(lbs, n).withTags(find(lbs, n).tags().minus(keys))));
            return null;
        });
    }

    /** Load balancer {@code name} from the committed state, or LoadBalancerNotFound. */
    public ClassicLoadBalancer get(String name) {
        return find(state().loadBalancers(), name);
    }

    /**
     * The health of {@code ids} (every registered instance when empty) of load balancer {@code name}; an id that
     * is not registered is an InvalidInstance.
     */
    public List<ClassicInstanceState> instanceHealth(String name, List<String> ids) {
        ClassicLoadBalancer lb = get(name);
        List<String> wanted = ids.isEmpty() ? lb.instances() : ids;
        List<TargetGroup> groups = writer.snapshots().groups(lb);
        List<ClassicInstanceState> out = new ArrayList<>();
        for (String id : wanted) {
            if (!lb.instances().contains(id)) {
                throw new AwsException(AwsError.INVALID_INSTANCE, "Could not find EC2 instance " + id
                        + " registered with load balancer '" + name + "'");
            }
            List<TargetHealth> perGroup = new ArrayList<>();
            for (TargetGroup g : groups) {
                perGroup.add(health.apply(g.arn(), ClassicInstances.target(id, g.port())));
            }
            out.add(ClassicInstanceState.of(id, perGroup));
        }
        return out;
    }

    private ClassicLoadBalancer update(String name, java.util.function.UnaryOperator<ClassicLoadBalancer> change) {
        return writer.write(lbs -> {
            ClassicLoadBalancer next = change.apply(find(lbs, name));
            lbs.put(name, next);
            return next;
        });
    }

    static ClassicLoadBalancer find(Map<String, ClassicLoadBalancer> lbs, String name) {
        ClassicLoadBalancer lb = lbs.get(name);
        if (lb == null) {
            throw AwsMessages.classicNoActiveLoadBalancer(name);
        }
        return lb;
    }

    /** {@code current} plus {@code added}; a port listed again must have the same settings. */
    private static List<ClassicListener> merged(List<ClassicListener> current, List<ClassicListener> added) {
        Map<Integer, ClassicListener> byPort = new LinkedHashMap<>();
        current.forEach(l -> byPort.put(l.loadBalancerPort(), l));
        for (ClassicListener l : added) {
            ClassicListener existing = byPort.putIfAbsent(l.loadBalancerPort(), l);
            if (existing != null && !existing.equals(l)) {
                throw new AwsException(AwsError.DUPLICATE_LISTENER, "A listener already exists for port "
                        + l.loadBalancerPort() + " with different settings");
            }
        }
        return List.copyOf(byPort.values());
    }

    private static void checkName(String name) {
        try {
            Check.resourceName("LoadBalancerName", name);
        } catch (ValidationException e) {
            throw new AwsException(AwsError.VALIDATION_ERROR, e.getMessage());
        }
    }

    private String dnsName(String name, Scheme scheme) {
        long digits = Math.floorMod(random.nextLong(), 9_000_000_000L) + 1_000_000_000L;
        return (scheme == Scheme.INTERNAL ? "internal-" : "") + name + "-" + digits + "." + settings.region()
                + ".elb." + settings.dnsDomain();
    }

    private String nextInternalAddress(Map<String, ClassicLoadBalancer> lbs) {
        return InternalAddresses.next(INTERNAL_ADDRESS_PREFIX, usedAddresses(lbs), settings.addressTakenOnHost());
    }

    private static Set<String> usedAddresses(Map<String, ClassicLoadBalancer> lbs) {
        Set<String> used = new HashSet<>();
        lbs.values().forEach(lb -> used.add(lb.bindAddress()));
        return used;
    }
}
