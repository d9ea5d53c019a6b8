package dev.ballast.server;

import dev.ballast.control.PublicAddresses;
import dev.ballast.control.cluster.NodeProfile;
import dev.ballast.control.docker.DockerHostAddress;
import dev.ballast.control.ecs.run.process.LoopbackAddressPool;
import dev.ballast.control.elbv2.NodeInstance;
import dev.ballast.control.labels.DockerLabelsProvider;
import dev.ballast.core.balancing.StickyCookies;
import dev.ballast.core.model.ConfigSnapshot;
import dev.ballast.core.model.Listener;
import dev.ballast.core.model.ListenerBindException;
import dev.ballast.core.model.LoadBalancer;
import dev.ballast.core.model.TargetGroup;
import dev.ballast.dns.DnsServer;
import dev.ballast.etcd.EtcdClients;
import dev.ballast.server.config.ConfigFileException;
import dev.ballast.server.config.ConfigFileLoader;
import dev.ballast.server.labels.LabelsPlane;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ballast server}: without {@code --config}, the full server: the AWS-compatible API on
 * {@code --api-address:--api-port} (default 127.0.0.1:9500) and the configuration it manages, persisted under
 * {@code --data-dir}. With {@code --config <file.yaml>}, a separate mode: the file's load balancers are served as
 * they are, without API or store, and SIGHUP reloads the file ({@link ConfigFileReload}). An invalid file, or an
 * option that does not apply to the mode, is reported with exit code 2 and nothing is started.
 *
 * <p>Not thread-safe; one instance runs once.
 */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = "Runs the AWS-compatible API and the load balancers it manages (persisted in --data-dir) until "
                + "Ctrl-C; or, with --config, serves a YAML configuration file without API (see docs/config.md) and "
                + "reloads it on SIGHUP.")
public final class ServerCommand extends RunningCommand {
    /** Exit status for a configuration file or option that cannot be used. */
    public static final int INVALID_CONFIG = 2;
    /** Options of the API mode, which a configuration file served without API or store has no use for. */
    private static final List<String> API_MODE_OPTIONS =
            List.of("--data-dir", "--api-address", "--api-port", "--public-address", "--access-key", "--dns-address",
                    "--dns-port", "--task-driver", "--docker-host", "--docker-labels", "--container-dns",
                    "--dns-forward", "--dns-upstream", "--etcd", "--node-address", "--node-name",
                    "--drain-seconds", TaskAddressRange.OPTION, "--etcd-cacert", "--etcd-cert", "--etcd-key",
                    "--etcd-user", "--etcd-password-file", "--node-zone", "--node-attribute", "--node-cpu",
                    "--node-memory");

    @Option(names = "--config", paramLabel = "<file.yaml>",
            description = "Serve this configuration file (YAML, see docs/config.md) instead of running the API.")
    private Path config;

    @Option(names = "--watch",
            description = "With --config: reload the file whenever it changes on disk (as SIGHUP does).")
    private boolean watch;

    @Option(names = "--data-dir", paramLabel = "<dir>", defaultValue = "ballast-data",
            description = "Where the configuration is stored (default: ${DEFAULT-VALUE}).")
    private Path dataDir;

    @Option(names = "--api-address", paramLabel = "<address>", defaultValue = "127.0.0.1",
            description = "The API's bind address (default: ${DEFAULT-VALUE}).")
    private String apiAddress;

    @Option(names = "--api-port", paramLabel = "<port>", defaultValue = "9500",
            description = "The API's port (default: ${DEFAULT-VALUE}).")
    private int apiPort;

    @Option(names = "--public-address", paramLabel = "<address>", defaultValue = "0.0.0.0",
            description = "The address internet-facing load balancers bind (default: ${DEFAULT-VALUE}), or a pool "
                    + "(a,b,c or an IPv4 CIDR) from which each gets its own; internal ones get their own address in "
                    + "127.0.10.0/24.")
    private String publicAddress;

    @Option(names = "--access-key", paramLabel = "<id>:<secret>",
            description = "Accept only requests signed (SigV4) with this access key; repeatable. Without it, any "
                    + "credentials are accepted.")
    private List<String> accessKeys = new ArrayList<>();

    @Option(names = "--dns-address", paramLabel = "<address>", defaultValue = DnsServer.DEFAULT_ADDRESS,
            description = "The DNS server's bind address, UDP and TCP (default: ${DEFAULT-VALUE}).")
    private String dnsAddress;

    @Option(names = "--dns-port", paramLabel = "<port>", defaultValue = "" + DnsServer.DEFAULT_PORT,
            description = "The DNS server's port, UDP and TCP (default: ${DEFAULT-VALUE}; 53 needs privileges, "
                    + "0 picks a free one).")
    private int dnsPort;

    @Option(names = "--task-driver", paramLabel = "<process|docker>", defaultValue = TaskDrivers.PROCESS,
            description = "What runs ECS tasks (default: ${DEFAULT-VALUE}): local processes, or containers of a Docker "
                    + "engine (see docs/ecs.md).")
    private String taskDriver;

    @Option(names = TaskAddressRange.OPTION, paramLabel = "<cidr>",
            defaultValue = LoopbackAddressPool.DEFAULT_RANGE,
            description = "The loopback range (inside 127.0.0.0/8, at least a /29) from which the process driver "
                    + "gives each awsvpc task an address of its own (default: ${DEFAULT-VALUE}); nodes of a cluster "
                    + "on one machine each need their own.")
    private String taskAddressRange;

    @Option(names = "--docker-host", paramLabel = "<unix:///...|tcp://...>",
            description = "The Docker engine of the docker driver (default: DOCKER_HOST, else /var/run/docker.sock "
                    + "when present).")
    private String dockerHost;

    @Option(names = "--docker-labels",
            description = "Watch the Docker engine (--docker-host) and attach containers labelled "
                    + "aliyun.lb.port_<port> or ballast.lb.port_<port> to the load balancers they name (off by "
                    + "default; see docs/labels.md).")
    private boolean dockerLabels;
    @Option(names = "--container-dns", paramLabel = "<on|off>", defaultValue = "on",
            description = "on (default): the docker driver's containers use Ballast's DNS, which also listens on "
                    + "port 53 of the Docker bridge's gateway address (needs root or CAP_NET_BIND_SERVICE); off: "
                    + "Docker's default resolvers (see docs/dns.md).")
    private String containerDns;

    @Option(names = "--dns-forward", paramLabel = "<containers|all|none>", defaultValue = "containers",
            description = "Which DNS listeners forward names outside Ballast's zones to the upstream resolvers, "
                    + "instead of refusing them (default: ${DEFAULT-VALUE}, the one containers use).")
    private String dnsForward;

    @Option(names = "--dns-upstream", paramLabel = "<address[:port]>",
            description = "A resolver to forward to; repeatable, tried in order (default: the nameservers of "
                    + "/etc/resolv.conf).")
    private List<String> dnsUpstreams = new ArrayList<>();

    @Option(names = "--etcd", paramLabel = "<http(s)://host:port,...>",
            description = "Cluster mode: keep the configuration in this etcd (its members' client URLs) instead of "
                    + "SQLite under --data-dir; every node serves every load balancer on its --node-address.")
    private String etcd;

    @Option(names = "--etcd-cacert", paramLabel = "<pem>",
            description = "With --etcd https://...: the CA certificates that signed etcd's (default: the JVM's CAs).")
    private Path etcdCaCert;

    @Option(names = "--etcd-cert", paramLabel = "<pem>",
            description = "With --etcd https://...: this node's client certificate (with --etcd-key), for etcd's "
                    + "--client-cert-auth.")
    private Path etcdCert;

    @Option(names = "--etcd-key", paramLabel = "<pem>",
            description = "With --etcd-cert: its private key (PEM, unencrypted; keep it mode 600).")
    private Path etcdKey;

    @Option(names = "--etcd-user", paramLabel = "<name>",
            description = "With --etcd: authenticate as this etcd user; the password comes from --etcd-password-file "
                    + "or the environment variable " + EtcdSecurityOptions.PASSWORD_VARIABLE + ", never the command line.")
    private String etcdUser;

    @Option(names = "--etcd-password-file", paramLabel = "<path>",
            description = "With --etcd-user: the file whose first line is the user's password.")
    private Path etcdPasswordFile;

    @Option(names = "--node-address", paramLabel = "<address>",
            description = "With --etcd: this node's address; every listener binds it.")
    private String nodeAddress;

    @Option(names = "--node-name", paramLabel = "<name>",
            description = "With --etcd: this node's name in `ballast nodes` (default: its --node-address).")
    private String nodeName;

    @Option(names = "--node-zone", paramLabel = "<zone>",
            description = "With --etcd: this node's availability zone, its ECS attribute ecs.availability-zone for "
                    + "placement constraints and spread (default: us-east-1a).")
    private String nodeZone;

    @Option(names = "--node-attribute", paramLabel = "<name=value>",
            description = "With --etcd: an ECS attribute of this node for placement constraints and spread "
                    + "(attribute:<name>); repeatable, at most 10.")
    private List<String> nodeAttributes = new ArrayList<>();

    @Option(names = "--node-cpu", paramLabel = "<units>",
            description = "With --etcd: the cpu units this node offers ECS tasks, 1024 a core (default: all of "
                    + "this machine's cores).")
    private Integer nodeCpu;

    @Option(names = "--node-memory", paramLabel = "<MiB>",
            description = "With --etcd: the memory this node offers ECS tasks (default: this machine's).")
    private Integer nodeMemory;

    @Option(names = "--drain-seconds", paramLabel = "<s>", defaultValue = "5",
            description = "With --etcd: on stop, leave the cluster (and the DNS answers) first, then keep serving "
                    + "this long before closing the listeners (default: ${DEFAULT-VALUE}).")
    private int drainSeconds;

    @Option(names = "--event-loops", paramLabel = "<n>", defaultValue = "0",
            description = "Proxy event loops (default: one per core).")
    private int eventLoops;

    /** The command as the command line runs it: stopped by SIGINT or SIGTERM. */
    public ServerCommand() {
        this(null);
    }

    /** The command stopped by {@code stop} (tests). */
    public ServerCommand(StopSignal stop) {
        super(stop);
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = out();
        PrintWriter err = err();
        if (eventLoops < 0) {
            return invalid(err, "ballast server: --event-loops " + eventLoops
                    + " (expected: 0 for one per core, or more)");
        }
        return config == null ? runControlPlane(out, err) : runConfigFile(out, err);
    }

    private int runConfigFile(PrintWriter out, PrintWriter err) throws Exception {
        List<String> notApplying = API_MODE_OPTIONS.stream().filter(this::given).toList();
        if (!notApplying.isEmpty()) {
            return invalid(err, "ballast server: " + String.join(", ", notApplying) + " with --config (expected: "
                    + "only --event-loops and --watch beside --config; a configuration file is served without API or "
                    + "store)");
        }
        ConfigFileLoader loader = new ConfigFileLoader();
        ConfigSnapshot snapshot;
        try {
            snapshot = loader.load(config);
        } catch (ConfigFileException e) {
            return invalid(err, "ballast server: invalid configuration file " + config + ": " + e.getMessage());
        }
        StopSignal stopSignal = stopSignal();
        DataPlane dataPlane;
        try {
            // Without a store there is no shared key: stickiness cookies are sealed with a key of this process.
            dataPlane = DataPlane.start(snapshot, eventLoops, StickyCookies.withRandomKey());
        } catch (ListenerBindException e) {
            throw new IllegalStateException(e.getMessage() + "; change the listener's port in " + config, e);
        }
        ConfigFileReload reload = new ConfigFileReload(config, dataPlane, loader, out, err);
        out.print(describe(dataPlane.snapshot(), dataPlane::boundAddress));
        if (onProcessSignals() && HangupSignal.onHangup(reload::reload)) {
            out.println("After editing " + config + ", reload it: kill -HUP " + ProcessHandle.current().pid());
        }
        ConfigFileWatch fileWatch = watch ? ConfigFileWatch.start(config, reload::reload) : null;
        if (fileWatch != null) {
            out.println("Watching " + config + ": a saved change is reloaded.");
        }
        out.println(stopHint());
        out.flush();
        stopSignal.runUntilStopped(() -> {
            if (fileWatch != null) {
                fileWatch.close();
            }
            dataPlane.close();
        });
        out.println("ballast server: stopped");
        out.flush();
        return 0;
    }

    /**
     * The cluster node --etcd, --node-address, --node-name and the --etcd-* options describe, or null without
     * --etcd; warnings about secret files go to {@code err}.
     */
    private ClusterNode clusterNode(PrintWriter err) {
        if (etcd == null) {
            List<String> needEtcd = Stream.of("--node-address", "--node-name", "--etcd-cacert", "--etcd-cert",
                    "--etcd-key", "--etcd-user", "--etcd-password-file").filter(this::given).toList();
            if (!needEtcd.isEmpty()) {
                throw new IllegalArgumentException(String.join(", ", needEtcd)
                        + " without --etcd (expected: --etcd <endpoints> for cluster mode)");
            }
            String placementFlag = nodeZone != null ? "--node-zone " + nodeZone
                    : !nodeAttributes.isEmpty() ? "--node-attribute " + nodeAttributes.get(0)
                    : nodeCpu != null ? "--node-cpu " + nodeCpu : nodeMemory != null ? "--node-memory " + nodeMemory
                    : null;
            if (placementFlag != null) {
                throw new IllegalArgumentException(placementFlag
                        + " without --etcd (expected: --etcd <endpoints>: ECS places tasks on nodes in cluster mode)");
            }
            return null;
        }
        EtcdSecurityOptions.Parsed security = EtcdSecurityOptions.parse(etcdCaCert, etcdCert, etcdKey, etcdUser,
                etcdPasswordFile, System.getenv());
        ClusterNode node = new ClusterNode(etcd, nodeAddress, nodeName == null ? nodeAddress : nodeName,
                ClusterNode.DEFAULT_ETCD_TIMEOUT, ClusterNode.DEFAULT_LEASE_TTL, security.security())
                .withProfile(NodeProfile.of(nodeZone, nodeAttributes, nodeCpu, nodeMemory));
        security.warnings().forEach(w -> err.println("ballast server: " + w));
        if (etcdUser != null && !EtcdClients.https(EtcdClients.parse(etcd))) {
            err.println("ballast server: warning: --etcd-user " + etcdUser + " with http:// endpoints sends its "
                    + "password unencrypted (expected: https:// endpoints, see docs/cluster.md)");
        }
        err.flush();
        return node;
    }

    private int runControlPlane(PrintWriter out, PrintWriter err) throws Exception {
        if (watch) {
            return invalid(err, "ballast server: --watch without --config (expected: --config <file.yaml> to watch)");
        }
        Map<String, String> keys = new LinkedHashMap<>();
        for (String pair : accessKeys) {
            int colon = pair.indexOf(':');
            if (colon <= 0 || colon == pair.length() - 1) {
                return invalid(err, "ballast server: --access-key " + pair + " (expected: <id>:<secret>)");
            }
            keys.put(pair.substring(0, colon), pair.substring(colon + 1));
        }
        if (dnsPort < 0 || dnsPort > 65535) {
            return invalid(err, "ballast server: --dns-port " + dnsPort + " (expected: 0-65535)");
        }
        try {
            PublicAddresses.parse(publicAddress);
        } catch (IllegalArgumentException e) {
            return invalid(err, "ballast server: " + e.getMessage());
        }
        if (!containerDns.equals("on") && !containerDns.equals("off")) {
            return invalid(err, "ballast server: --container-dns " + containerDns + " (expected: on or off)");
        }
        if (drainSeconds < 0 || drainSeconds > 3600) {
            return invalid(err, "ballast server: --drain-seconds " + drainSeconds + " (expected: 0-3600)");
        }
        ClusterNode cluster;
        try {
            cluster = clusterNode(err);
        } catch (IllegalArgumentException e) {
            return invalid(err, "ballast server: " + e.getMessage());
        }
        DnsForwarding forwarding;
        TaskDrivers drivers;
        try {
            forwarding = DnsForwardingOptions.parse(dnsForward, dnsUpstreams);
            LoopbackAddressPool taskAddresses = TaskAddressRange.parse(taskAddressRange, boundAddresses(cluster));
            drivers = TaskDrivers.open(dataDir, taskDriver, dockerHost, System.getenv(), containerDns.equals("on"),
                    taskAddresses);
        } catch (IllegalArgumentException e) {
            return invalid(err, "ballast server: " + e.getMessage());
        }
        String labelsHost = null;
        if (dockerLabels) {
            Optional<String> host = DockerHostAddress.resolve(dockerHost, System.getenv());
            if (host.isEmpty()) {
                drivers.drivers().values().forEach(d -> d.close());
                drivers.close();
                return invalid(err, "ballast server: --docker-labels without a Docker engine (expected: --docker-host "
                        + "unix:///path/to/docker.sock, DOCKER_HOST, or " + DockerHostAddress.DEFAULT_SOCKET + ")");
            }
            labelsHost = host.get();
        }
        StopSignal stopSignal = stopSignal();
        ControlPlane plane;
        try {
            plane = ControlPlane.start(new ControlPlane.Options(dataDir, apiAddress, apiPort, publicAddress, keys,
                    eventLoops, dnsAddress, dnsPort).withTaskDrivers(drivers.drivers(), drivers.defaultDriver())
                    .withDnsForwarding(forwarding), cluster);
        } catch (RuntimeException e) {
            drivers.drivers().values().forEach(d -> d.close());
            drivers.close();
            throw e;
        }
        out.print(describe(plane.snapshot(), plane::boundAddress));
        plane.listenersNotServed().forEach(n -> out.println("  NOT SERVED: " + n.listener() + ": " + n.reason()
                + " (retried every " + ControlPlane.LISTENER_RETRY_INTERVAL.toSeconds() + " s)"));
        String api = HostPort.format(apiAddress, plane.apiAddress());
        out.println("AWS API: http://" + api + "  (aws elbv2|elb|ecs|route53 ... --endpoint-url http://" + api + "), data in "
                + dataDir.toAbsolutePath());
        out.println("DNS: " + HostPort.format(dnsAddress, plane.dnsAddress()) + " UDP and TCP  (dig @"
                + HostPort.reachableHost(dnsAddress) + " -p " + plane.dnsAddress().getPort() + " <name>)");
        plane.dnsAddresses().stream().skip(1).forEach(a -> out.println("DNS for containers: "
                + a.getAddress().getHostAddress() + ":" + a.getPort() + " UDP and TCP"));
        NodeInstance node = plane.control().settings().nodeInstance();
        out.println("ECS: " + drivers.describe() + "; this node is instance " + node.id() + " (bridge tasks publish "
                + "host ports on " + node.address() + ")");
        LabelsPlane labels = labelsHost == null ? null
                : LabelsPlane.start(plane, labelsHost, DockerLabelsProvider.Timings.DEFAULT);
        if (labels != null) {
            out.println("Docker labels: watching " + labelsHost + "  (ballast labels --api-url http://" + api + ")");
        }
        if (cluster != null) {
            out.println("Cluster: node " + cluster.name() + " on " + cluster.address() + ", configuration in etcd "
                    + cluster.etcdEndpoints() + " (" + cluster.etcdAccess() + ")");
        }
        out.println(stopHint());
        out.flush();
        stopSignal.runUntilStopped(() -> {
            if (labels != null) {
                labels.close();
            }
            // a rolling restart loses no request: clients see this node leave before its listeners close
            plane.leaveCluster(Duration.ofSeconds(drainSeconds));
            plane.close();
            drivers.close();
        });
        out.println("ballast server: stopped");
        out.flush();
        return 0;
    }

    /** The addresses this server binds itself, by option: no task may take one. */
    private Map<String, String> boundAddresses(ClusterNode cluster) {
        Map<String, String> bound = new LinkedHashMap<>();
        if (cluster != null) {
            bound.put("--node-address", cluster.address());
        }
        bound.put("--api-address", apiAddress);
        bound.put("--dns-address", dnsAddress);
        return bound;
    }

    /** Reports a configuration file or option that cannot be used; nothing has been started. */
    private static int invalid(PrintWriter err, String message) {
        err.println(message);
        err.flush();
        return INVALID_CONFIG;
    }

    private static String describe(ConfigSnapshot snapshot, Function<String, InetSocketAddress> boundAddress) {
        StringBuilder text = new StringBuilder("Ballast server: configuration revision ")
                .append(snapshot.revision()).append('\n');
        for (Listener listener : snapshot.listeners().values()) {
            LoadBalancer lb = snapshot.loadBalancer(listener.loadBalancerArn());
            InetSocketAddress bound = boundAddress.apply(listener.arn());
            text.append("  load balancer ").append(lb.name()).append(" (").append(lb.scheme().wire()).append(")  ")
                    .append(listener.protocol()).append(' ')
                    .append(HostPort.format(lb.bindAddress(), bound == null ? listener.port() : bound.getPort()))
                    .append("  ").append(listener.rules().size()).append(" rule(s) + default action\n");
        }
        for (TargetGroup group : snapshot.targetGroups().values()) {
            text.append("  target group  ").append(group.name()).append("  ").append(group.targets().size())
                    .append(" target(s)\n");
        }
        return text.toString();
    }
}
