package dev.ballast.server;

import dev.ballast.api.acm.AcmService;
import dev.ballast.api.auth.SigV4Verifier;
import dev.ballast.api.classic.ClassicService;
import dev.ballast.api.ecs.EcsService;
import dev.ballast.api.elbv2.Elbv2Service;
import dev.ballast.api.http.ApiEndpointLimits;
import dev.ballast.api.ec2.Ec2Service;
import dev.ballast.api.iam.IamService;
import dev.ballast.api.http.ApiHttpServer;
import dev.ballast.api.query.QueryDispatcher;
import dev.ballast.api.route53.Route53Service;
import dev.ballast.control.BestEffortPublisher;
import dev.ballast.control.ConfigPublisher;
import dev.ballast.control.NodePlacement;
import dev.ballast.control.SnapshotMerger;
import dev.ballast.control.acm.AcmCommands;
import dev.ballast.control.acm.CertificateUsers;
import dev.ballast.control.acm.CertificateWriter;
import dev.ballast.control.acm.IamServerCertificates;
import dev.ballast.control.acm.PrivateCertificateAuthority;
import dev.ballast.control.classic.ClassicControl;
import dev.ballast.control.ecs.EcsControl;
import dev.ballast.control.ecs.EcsWriter;
import dev.ballast.control.ecs.run.TaskDriver;
import dev.ballast.control.ecs.schedule.EcsScheduler;
import dev.ballast.control.elbv2.ElbControl;
import dev.ballast.control.elbv2.ElbQueries;
import dev.ballast.control.elbv2.ElbSettings;
import dev.ballast.control.ec2.Ec2Control;
import dev.ballast.control.ec2.Ec2Network;
import dev.ballast.control.ec2.SecurityGroupSnapshot;
import dev.ballast.control.elbv2.NodeInstance;
import dev.ballast.control.route53.HostedZoneCommands;
import dev.ballast.control.route53.RecordSetCommands;
import dev.ballast.control.route53.Route53Writer;
import dev.ballast.control.store.DataDirLock;
import dev.ballast.control.secrets.StickinessKey;
import dev.ballast.control.store.SqliteStore;
import dev.ballast.control.store.SqliteStores;
import dev.ballast.control.store.Store;
import dev.ballast.control.store.StoreFactory;
import dev.ballast.control.store.StoreFollower;
import dev.ballast.core.balancing.StickyCookies;
import dev.ballast.core.model.ConfigSnapshot;
import dev.ballast.dns.DnsServer;
import dev.ballast.etcd.EtcdStores;
import dev.ballast.etcd.LeaderElection;
import dev.ballast.proxy.HostSockets;
import dev.ballast.server.metrics.PrometheusMetricsPage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server with its control plane: the SQLite store under the data directory (which also keeps the key that seals
 * stickiness cookies, see {@link StickinessKey}), the ELBv2 control plane (single writer), the Classic Load Balancer
 * control plane (its own store under {@code classic/} and its own writer), the ECS control plane (its own store under
 * {@code ecs/} and its own writer), the Route 53 control plane (its own store under {@code route53/} and its own
 * writer), the ACM and IAM certificates (their own owner-only store under {@code certificates/}, see
 * {@link SqliteStore#openPrivate}, and their own writer), the data plane (health checks and proxy, serving the union of both load-balancer
 * configurations through a {@link SnapshotMerger}), the DNS server answering the load balancers' names from the same
 * snapshots and the Route 53 hosted zones ({@link DnsPlane}) and the AWS API endpoint, which answers both
 * load-balancing API versions (Query), ECS (JSON 1.1) and Route 53 (REST-XML). The {@link EcsScheduler} runs the ECS
 * services and tasks with the configured task drivers and registers them in their target groups; closing stops
 * scheduling but leaves tasks running (the next start recovers them). As one node of a cluster ({@link ClusterNode})
 * the same stores are on etcd and followed, every listener binds the node's address and the node registers itself
 * ({@link ClusterMembership}); see docs/cluster.md.
 *
 * <p>Thread-safe: start once, close once; the parts have their own threads.
 */
public final class ControlPlane implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ControlPlane.class);
    /** The API's default port. */
    public static final int DEFAULT_API_PORT = 9500;
    /** Where access log files go under the data directory (then laid out as ALB lays out S3 keys). */
    public static final String ACCESS_LOG_DIRECTORY = "access-logs";
    /** The driver that runs RunTask's tasks until the server is told otherwise. */
    public static final String DEFAULT_TASK_DRIVER = "process";
    /** Where the private CA of ACM's RequestCertificate keeps its certificate and key, in the data directory. */
    public static final String PRIVATE_CA_DIRECTORY = "private-ca";
    /** How often stored listeners that could not be bound (a port taken) are tried again. */
    public static final Duration LISTENER_RETRY_INTERVAL = Duration.ofSeconds(5);

    private final DataDirLock lock;
    private final StoreFactory stores;
    private final List<StoreFollower> followers;
    private final Store store;
    private final Store classicStore;
    private final Store ecsStore;
    private final Store route53Store;
    private final Store certificateStore;
    private final Store ec2Store;
    private final Ec2Control ec2;
    private final DataPlane dataPlane;
    private final ElbControl control;
    private final ClassicControl classic;
    private final AcmCommands acm;
    private final EcsWriter ecs;
    private final EcsScheduler ecsScheduler;
    private final ApiHttpServer api;
    private final DnsPlane dns;
    private final ClusterMembership membership;
    private final LeaderElection ecsLeader;
    private final CloudFormationWiring cloudFormation;
    private final ScheduledExecutorService retries;

    /**
     * How to start.
     *
     * @param dataDir where the store lives
     * @param apiAddress the API's bind address (loopback unless told otherwise)
     * @param apiPort the API's port (0 picks a free one)
     * @param publicBindAddress the address internet-facing load balancers bind
     * @param accessKeys access key id → secret; empty to accept any credentials
     * @param eventLoops the proxy's event loops (0 = one per core)
     * @param dnsAddress the DNS server's bind address
     * @param dnsPort the DNS server's port, UDP and TCP (0 picks a free one)
     * @param taskDrivers the drivers ECS tasks can run on, by name ({@code process}, {@code docker}); the control
     *     plane closes them
     * @param defaultTaskDriver the driver new service tasks run on, {@link ControlPlane#DEFAULT_TASK_DRIVER} when
     *     null (a task of a driver not in {@code taskDrivers} stops with TaskFailedToStart naming it)
     * @param scheduleTasks false to run no ECS scheduler: the ECS API records desired state and nothing acts on it
     *     (tests of the API's shapes, which write the observed state themselves)
     * @param dnsForwarding which DNS listeners forward names outside Ballast's zones, and where
     */
    public record Options(Path dataDir, String apiAddress, int apiPort, String publicBindAddress,
                          Map<String, String> accessKeys, int eventLoops, String dnsAddress, int dnsPort,
                          Map<String, TaskDriver> taskDrivers, String defaultTaskDriver, boolean scheduleTasks,
                          DnsForwarding dnsForwarding) {
        /** Copies the keys and drivers. */
        public Options {
            accessKeys = Map.copyOf(accessKeys);
            taskDrivers = Map.copyOf(taskDrivers);
            defaultTaskDriver = defaultTaskDriver == null ? DEFAULT_TASK_DRIVER : defaultTaskDriver;
            dnsForwarding = dnsForwarding == null ? DnsForwarding.DEFAULT : dnsForwarding;
        }

        /**
         * Options with the DNS server on {@code dnsAddress}:{@code dnsPort} and no task drivers (ECS tasks cannot start
         * until some are given, see {@link #withTaskDrivers}).
         */
        public Options(Path dataDir, String apiAddress, int apiPort, String publicBindAddress,
                       Map<String, String> accessKeys, int eventLoops, String dnsAddress, int dnsPort) {
            this(dataDir, apiAddress, apiPort, publicBindAddress, accessKeys, eventLoops, dnsAddress, dnsPort,
                    Map.of(), null, true, DnsForwarding.DEFAULT);
        }

        /** Options with the DNS server on a free port of 127.0.0.1 (tests and the demo, where 1053 may be another's). */
        public Options(Path dataDir, String apiAddress, int apiPort, String publicBindAddress,
                       Map<String, String> accessKeys, int eventLoops) {
            this(dataDir, apiAddress, apiPort, publicBindAddress, accessKeys, eventLoops, DnsServer.DEFAULT_ADDRESS,
                    0);
        }

        /** Defaults: API on 127.0.0.1:9500, DNS on 127.0.0.1:1053, internet-facing load balancers on 0.0.0.0. */
        public static Options defaults(Path dataDir) {
            return new Options(dataDir, "127.0.0.1", DEFAULT_API_PORT, "0.0.0.0", Map.of(), 0,
                    DnsServer.DEFAULT_ADDRESS, DnsServer.DEFAULT_PORT);
        }

        /** These options with {@code drivers}, new service tasks running on {@code defaultDriver}. */
        public Options withTaskDrivers(Map<String, TaskDriver> drivers, String defaultDriver) {
            return new Options(dataDir, apiAddress, apiPort, publicBindAddress, accessKeys, eventLoops, dnsAddress,
                    dnsPort, drivers, defaultDriver, scheduleTasks, dnsForwarding);
        }

        /** These options with DNS forwarding as {@code forwarding} says. */
        public Options withDnsForwarding(DnsForwarding forwarding) {
            return new Options(dataDir, apiAddress, apiPort, publicBindAddress, accessKeys, eventLoops, dnsAddress,
                    dnsPort, taskDrivers, defaultTaskDriver, scheduleTasks, forwarding);
        }

        /** These options without the ECS scheduler (see {@code scheduleTasks}). */
        public Options withoutTaskScheduling() {
            return new Options(dataDir, apiAddress, apiPort, publicBindAddress, accessKeys, eventLoops, dnsAddress,
                    dnsPort, taskDrivers, defaultTaskDriver, false, dnsForwarding);
        }
    }

    private ControlPlane(DataDirLock lock, StoreFactory stores, List<StoreFollower> followers, Store store,
                         Store classicStore, Store ecsStore, Store route53Store, Store certificateStore,
                         Store ec2Store, Ec2Control ec2, DataPlane dataPlane, ElbControl control,
                         ClassicControl classic, AcmCommands acm, EcsWriter ecs, EcsScheduler ecsScheduler,
                         ApiHttpServer api, DnsPlane dns, ClusterMembership membership, LeaderElection ecsLeader,
                         CloudFormationWiring cloudFormation) {
        this.membership = membership;
        this.ecsLeader = ecsLeader;
        this.lock = lock;
        this.stores = stores;
        this.followers = followers;
        this.store = store;
        this.classicStore = classicStore;
        this.ecsStore = ecsStore;
        this.route53Store = route53Store;
        this.certificateStore = certificateStore;
        this.ec2Store = ec2Store;
        this.ec2 = ec2;
        this.dataPlane = dataPlane;
        this.control = control;
        this.classic = classic;
        this.acm = acm;
        this.ecs = ecs;
        this.ecsScheduler = ecsScheduler;
        this.api = api;
        this.dns = dns;
        this.cloudFormation = cloudFormation;
        this.retries = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "ballast-listener-retry");
            thread.setDaemon(true);
            return thread;
        });
        long interval = LISTENER_RETRY_INTERVAL.toMillis();
        retries.scheduleWithFixedDelay(this::retryFailedListeners, interval, interval, TimeUnit.MILLISECONDS);
    }

    /** Binds what the stores hold but the data plane could not serve; logged, never thrown (a scheduler runs it). */
    private void retryFailedListeners() {
        try {
            control.retryFailedListeners();
            classic.retryFailedListeners();
        } catch (RuntimeException e) {
            LOG.warn("retrying the listeners that are not served failed: {}", e.getMessage());
        }
    }

    /**
     * Locks the data directory, opens the stores, binds the stored listeners and starts the API.
     *
     * @throws dev.ballast.control.store.StoreException if another process holds the data directory (naming its
     *     PID); nothing has been started
     */
    public static ControlPlane start(Options options) {
        return start(options, null);
    }

    /**
     * As {@link #start(Options)}; with {@code node} not null, as one node of a cluster: the stores are on the
     * node's etcd and followed (every node applies every other node's changes) and every listener binds the node's
     * address.
     */
    public static ControlPlane start(Options options, ClusterNode node) {
        DataDirLock lock = DataDirLock.acquire(options.dataDir());
        StoreFactory stores = null;
        try {
            stores = node == null ? new SqliteStores(options.dataDir()) : node.stores();
            return start(options, node, lock, stores);
        } catch (RuntimeException e) {
            if (stores != null) {
                stores.close();
            }
            lock.close();
            throw e;
        }
    }

    private static ControlPlane start(Options options, ClusterNode node, DataDirLock lock, StoreFactory stores) {
        Store store = stores.open(SqliteStores.TOP, false);
        Store classicStore = null;
        Store ecsStore = null;
        Store route53Store = null;
        Store certificateStore = null;
        Store ec2Store = null;
        List<StoreFollower> followers = new ArrayList<>();
        EcsScheduler ecsScheduler = null;
        LeaderElection ecsLeader = null;
        CloudFormationWiring cloudFormation = null;
        SecureRandom random = new SecureRandom();
        byte[] stickinessKey;
        DataPlane dataPlane;
        try {
            stickinessKey = StickinessKey.loadOrCreate(store, random);
            StickyCookies cookies = new StickyCookies(stickinessKey, random);
            dataPlane = DataPlane.start(ConfigSnapshot.empty(), options.eventLoops(), cookies,
                    options.dataDir().resolve(ACCESS_LOG_DIRECTORY));
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        try {
            classicStore = stores.open("classic", false);
            // Each API writes its own part of the configuration; the data plane serves their union (in a cluster,
            // on this node's address: the routing mesh).
            SnapshotMerger merger = node == null ? new SnapshotMerger(dataPlane.publisher())
                    : new SnapshotMerger(dataPlane.publisher(), new NodePlacement(node.address()));
            ConfigPublisher elbv2Part = new ConfigPublisher();
            elbv2Part.subscribe(merger.source("elbv2"));
            ConfigPublisher classicPart = new ConfigPublisher();
            classicPart.subscribe(merger.source("classic"));
            // the nodes as instances: instance targets and Classic instances naming a node reach its address
            ConfigPublisher instancesPart = new ConfigPublisher();
            instancesPart.subscribe(merger.source("instances"));
            HostSockets host = new HostSockets();
            // An address of the --public-address pool is taken when a load balancer of the other API has it, even
            // before it binds a listener; set once both APIs are open.
            AtomicReference<Predicate<String>> otherApiAddresses = new AtomicReference<>(address -> false);
            ElbSettings settings = ElbSettings.defaults(options.publicBindAddress())
                    .withAddressTakenOnHost(address -> !host.addressFree(address)
                            || otherApiAddresses.get().test(address))
                    .withNodeInstance(node == null
                            ? NodeInstance.derive(stickinessKey, NodeInstance.TASK_PORTS_ADDRESS)
                            : NodeInstance.deriveForNode(stickinessKey, node.name(), node.address()));
            // Certificates (with their private keys) live in their own owner-only store; they are published first
            // so that stored HTTPS and TLS listeners find theirs when they are bound.
            certificateStore = stores.open("certificates", true);
            ConfigPublisher certificatePart = new ConfigPublisher();
            certificatePart.subscribe(merger.source("certificates"));
            CertificateWriter certificates = CertificateWriter.open(certificateStore, certificatePart);
            if (stores.shared()) {
                followers.add(StoreFollower.follow("certificates", certificateStore,
                        certificates.state().revision(), certificates::catchUp));
            }
            ec2Store = stores.open("ec2", false);
            Ec2Control ec2 = Ec2Control.open(ec2Store, settings.region(), settings.vpcId(), Clock.systemUTC(), random);
            // the groups' rules reach the data plane before any load balancer that uses them is served
            ConfigPublisher ec2Part = new ConfigPublisher();
            ec2Part.subscribe(merger.source("ec2"));
            ec2.writer().subscribe(state -> ec2Part.publish(SecurityGroupSnapshot.of(state)));
            if (stores.shared()) {
                followers.add(StoreFollower.follow("ec2", ec2Store, ec2.state().revision(), ec2.writer()::catchUp));
            }
            ElbControl control = ElbControl.open(store, elbv2Part, settings, Clock.systemUTC(), random);
            if (stores.shared()) {
                followers.add(StoreFollower.follow("elbv2", store, control.state().revision(), control::catchUp));
            }
            Predicate<String> certificateExists = arn -> certificates.state().certificates().containsKey(arn);
            control.healthSource(dataPlane.healthSource());
            ClassicControl classic = ClassicControl.open(classicStore, classicPart, settings, Clock.systemUTC(),
                    random);
            NodeInstances nodeInstances = new NodeInstances(settings.nodeInstance(), Instant.now(), instancesPart);
            control.runningInstances(nodeInstances.running());
            classic.runningInstances(nodeInstances.running());
            classic.healthSource((groupArn, target) -> dataPlane.health().view().health(groupArn, target));
            otherApiAddresses.set(address -> control.state().loadBalancers().values().stream()
                    .anyMatch(lb -> lb.model().bindAddress().equals(address))
                    || classic.state().loadBalancers().values().stream()
                    .anyMatch(lb -> lb.bindAddress().equals(address)));
            if (stores.shared()) {
                followers.add(StoreFollower.follow("classic", classicStore, classic.state().revision(),
                        classic::catchUp));
            }
            control.listeners().certificates(certificateExists);
            // the load balancers' subnets and groups are EC2's, and EC2 keeps what they use from being deleted
            Ec2Network network = new Ec2Network(ec2::state);
            control.network(network);
            classic.network(network);
            ec2.users(new LoadBalancerEc2Users(control, classic));
            classic.certificates(certificateExists);
            CertificateUsers certificateUsers = arn -> Stream.concat(
                    ElbQueries.listenersUsingCertificate(control.state(), arn).stream(),
                    classic.loadBalancersUsingCertificate(arn).stream()).toList();
            route53Store = stores.open("route53", false);
            Route53Writer route53Writer = Route53Writer.open(route53Store);
            if (stores.shared()) {
                followers.add(StoreFollower.follow("route53", route53Store, route53Writer.state().revision(),
                        route53Writer::catchUp));
            }
            HostedZoneCommands hostedZones = new HostedZoneCommands(route53Writer, Clock.systemUTC(), random);
            CloudMapWiring cloudMap = CloudMapWiring.of(route53Writer, hostedZones, Clock.systemUTC(), random);
            ecsStore = stores.open("ecs", false);
            EcsWriter ecsWriter = EcsWriter.open(ecsStore);
            if (stores.shared()) {
                followers.add(StoreFollower.follow("ecs", ecsStore, ecsWriter.state().revision(),
                        ecsWriter::catchUp));
            }
            EcsControl ecsControl = EcsControl.of(ecsWriter, new ElbTargetGroupLookup(control),
                    cloudMap.registries(), Clock.systemUTC(), random, options.defaultTaskDriver());
            EcsService ecs = new EcsService(ecsControl);
            RecordSetCommands recordSets = new RecordSetCommands(route53Writer, Clock.systemUTC(), random,
                    name -> ServedLoadBalancerNames.serves(dataPlane.snapshot(), name));
            Route53Service route53 = new Route53Service(hostedZones, recordSets);
            // RequestCertificate's certificates are issued by Ballast's own CA, kept in the data directory
            AcmCommands acmCommands = new AcmCommands(certificates, settings.region(), settings.accountId(),
                    Clock.systemUTC(), random, certificateUsers, new PrivateCertificateAuthority(
                    options.dataDir().resolve(PRIVATE_CA_DIRECTORY)));
            cloudFormation = CloudFormationWiring.open(stores, control, classic, acmCommands, ec2,
                    hostedZones, recordSets, ecsControl, cloudMap, Clock.systemUTC(), random);
            QueryDispatcher dispatcher = new QueryDispatcher(Elbv2Service.NAMESPACE)
                    .register(new Elbv2Service(control))
                    .register(new ClassicService(classic))
                    .register(new IamService(new IamServerCertificates(certificates, settings.accountId(),
                            Clock.systemUTC(), random, certificateUsers)))
                    .register(new Ec2Service(ec2, settings.region(), settings.accountId(), nodeInstances::list))
                    .register(cloudFormation.api());
            AcmService acm = new AcmService(acmCommands, Clock.systemUTC());
            SigV4Verifier verifier = options.accessKeys().isEmpty() ? null : new SigV4Verifier(options.accessKeys());
            // Tasks left running by an earlier process are recovered first; every ECS commit wakes the scheduler.
            // (In a cluster the scheduler starts once this node has joined: it places tasks on the live nodes.)
            ecsScheduler = !options.scheduleTasks() || node != null ? null : EcsScheduler.start(ecsWriter, control,
                    cloudMap.instances(), options.taskDrivers(), options.defaultTaskDriver(), Clock.systemUTC());
            ApiHttpServer api = ApiHttpServer.start(new InetSocketAddress(options.apiAddress(), options.apiPort()),
                    dispatcher, ecs, route53, cloudMap.api(), acm, new PrometheusMetricsPage(dataPlane), verifier,
                    Elbv2Service.NAMESPACE,
                    ApiEndpointLimits.defaults().withDispatchThreads(4));
            DnsPlane dns;
            ClusterMembership membership = null;
            try {
                if (stores instanceof EtcdStores etcd) {
                    membership = ClusterMembership.join(etcd, node, settings.nodeInstance().id(), api.address(),
                            nodeInstances.started());
                    api.serveJson(ClusterMembership.PATH, membership::json);
                    nodeInstances.follow(membership);
                    ecsLeader = LeaderElection.start(etcd.client(), LeaderElection.ECS_SCHEDULER_KEY, node.name(),
                            node.leaseTtl(), node.etcdTimeout());
                    if (options.scheduleTasks()) {
                        ecsScheduler = EcsScheduler.start(ecsWriter, control, cloudMap.instances(),
                                options.taskDrivers(), options.defaultTaskDriver(), Clock.systemUTC(),
                                new EcsScheduler.ClusterRole(ecsLeader, membership.members(), node.leaseTtl()));
                    }
                }
                dns = DnsPlane.start(options.dnsAddress(), options.dnsPort(), dataPlane.publisher(), settings,
                        route53Writer, dataPlane.health(), options.taskDrivers().values(), options.dnsForwarding(),
                        membership == null ? null : membership::addresses);
            } catch (RuntimeException e) {
                if (ecsLeader != null) {
                    ecsLeader.close();
                }
                if (membership != null) {
                    membership.close();
                }
                api.close();
                throw e;
            }
            if (membership != null) {
                membership.onChange(dns::recompile);
            }
            return new ControlPlane(lock, stores, followers, store, classicStore, ecsStore, route53Store,
                    certificateStore, ec2Store, ec2, dataPlane, control, classic, acmCommands, ecsWriter,
                    ecsScheduler, api, dns, membership, ecsLeader, cloudFormation);
        } catch (IOException e) {
            closeCloudFormation(cloudFormation);
            closeScheduler(ecsScheduler);
            followers.forEach(StoreFollower::close);
            closeAll(dataPlane, store, classicStore, ecsStore, route53Store, certificateStore, ec2Store);
            throw new UncheckedIOException("API " + new HostSockets().bindFailure("tcp", options.apiAddress(),
                    options.apiPort(), e).getMessage() + "; choose another port with --api-port (or address with "
                    + "--api-address)", e);
        } catch (RuntimeException e) {
            closeCloudFormation(cloudFormation);
            closeScheduler(ecsScheduler);
            followers.forEach(StoreFollower::close);
            closeAll(dataPlane, store, classicStore, ecsStore, route53Store, certificateStore, ec2Store);
            throw e;
        }
    }

    private static void closeCloudFormation(CloudFormationWiring cloudFormation) {
        if (cloudFormation != null) {
            cloudFormation.close();
        }
    }

    private static void closeScheduler(EcsScheduler scheduler) {
        if (scheduler != null) {
            scheduler.close();
        }
    }

    /** Closes the data plane and the stores that were opened (null ones were not). */
    private static void closeAll(DataPlane dataPlane, Store... stores) {
        dataPlane.close();
        for (Store s : stores) {
            if (s != null) {
                s.close();
            }
        }
    }

    /** The API's bound address. */
    public InetSocketAddress apiAddress() {
        return api.address();
    }

    /** The DNS server's bound address (UDP and TCP). */
    public InetSocketAddress dnsAddress() {
        return dns.address();
    }

    /** Every DNS listener's bound address: the main one first, then one per task resolver address (port 53). */
    public List<InetSocketAddress> dnsAddresses() {
        return dns.addresses();
    }

    /** The configuration the data plane serves. */
    public ConfigSnapshot snapshot() {
        return dataPlane.snapshot();
    }

    /** The local address listener {@code listenerArn} is bound to, or null. */
    public InetSocketAddress boundAddress(String listenerArn) {
        return dataPlane.boundAddress(listenerArn);
    }

    /** The stored listeners (ELBv2 and Classic) that are not served because their port or address is taken. */
    public List<BestEffortPublisher.NotServed> listenersNotServed() {
        List<BestEffortPublisher.NotServed> all = new ArrayList<>(control.listenersNotServed());
        all.addAll(classic.listenersNotServed());
        return all;
    }

    /** The data plane (health checks and proxy). */
    public DataPlane dataPlane() {
        return dataPlane;
    }

    /** Answers {@code GET <path>} on the API port with the JSON {@code body} supplies (a status page). */
    public void serveJson(String path, Supplier<String> body) {
        api.serveJson(path, body);
    }

    /** The ELBv2 control plane. */
    public ElbControl control() {
        return control;
    }

    /** The Classic Load Balancer control plane. */
    public ClassicControl classic() {
        return classic;
    }

    /** ACM's commands (imported and requested certificates). */
    public AcmCommands acm() {
        return acm;
    }

    /** The EC2 resources (VPCs, subnets, security groups). */
    public Ec2Control ec2() {
        return ec2;
    }

    /** The single writer of the ECS resources (clusters, task definitions, services, tasks). */
    public EcsWriter ecs() {
        return ecs;
    }

    /**
     * The part this node plays in its cluster (who leads, who is alive, how long a node may be missing before what
     * it ran is given up), for what acts per node such as Docker label discovery;
     * {@link EcsScheduler.ClusterRole#ALONE} without a cluster.
     */
    public EcsScheduler.ClusterRole clusterRole() {
        return membership == null ? EcsScheduler.ClusterRole.ALONE
                : new EcsScheduler.ClusterRole(ecsLeader, membership.members(), membership.leaseTtl());
    }

    /**
     * Leaves the cluster (its lease is revoked: the other nodes and every load balancer's DNS answers drop this
     * node at once) and keeps serving for {@code drain}, so that a client that chose this node just before it left
     * is still answered; then returns. Without a cluster it returns at once. Call {@link #close} after it.
     */
    public void leaveCluster(Duration drain) throws InterruptedException {
        if (membership == null) {
            return;
        }
        membership.close();
        LOG.info("left the cluster; serving for {} s more before the listeners close", drain.toSeconds());
        Thread.sleep(drain.toMillis()); // the drain itself: nothing to poll, the clients are elsewhere
    }

    /**
     * Stops the API and the ECS scheduler (tasks keep running; the next start recovers them), unbinds every
     * listener, closes the stores and releases the data directory.
     */
    @Override
    public void close() {
        retries.shutdownNow();
        if (ecsLeader != null) {
            ecsLeader.close(); // another node schedules the ECS services at once
        }
        if (membership != null) {
            membership.close(); // first: the other nodes drop this one from DNS at once
        }
        closeScheduler(ecsScheduler);
        api.close();
        cloudFormation.close();
        dns.close();
        followers.forEach(StoreFollower::close);
        closeAll(dataPlane, store, classicStore, ecsStore, route53Store, certificateStore, ec2Store);
        stores.close();
        lock.close();
    }
}
