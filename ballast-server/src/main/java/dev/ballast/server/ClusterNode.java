package dev.ballast.server;

import dev.ballast.control.cluster.NodeProfile;
import dev.ballast.etcd.EtcdClients;
import dev.ballast.etcd.EtcdEndpointCheck;
import dev.ballast.etcd.EtcdSecurity;
import dev.ballast.etcd.EtcdStores;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * This server as one node of a cluster: the etcd it shares with the other nodes ({@code --etcd}), the address
 * it binds every listener on ({@code --node-address}) and its name ({@code --node-name}).
 *
 * <p>Thread-safe (immutable).
 *
 * @param etcdEndpoints comma-separated {@code http://host:port} (or all {@code https://}) client URLs of the etcd
 *     members
 * @param address the node's address: every listener binds it, and the load balancers' DNS names answer it
 * @param name the node's name in {@code ballast nodes}
 * @param etcdTimeout how long one etcd call may take before the API answers 503 ServiceUnavailable
 * @param leaseTtl the TTL of the node's registration: a node that stops renewing it leaves the cluster's view (and
 *     its load balancers' DNS answers) this long after
 * @param etcdSecurity TLS and the user for etcd ({@code --etcd-cacert}, {@code --etcd-cert}, {@code --etcd-key},
 *     {@code --etcd-user})
 * @param profile the node's zone, attributes and capacity for ECS placement ({@code --node-zone},
 *     {@code --node-attribute}, {@code --node-cpu}, {@code --node-memory}); null: this machine's defaults
 */
public record ClusterNode(String etcdEndpoints, String address, String name, Duration etcdTimeout,
                          Duration leaseTtl, EtcdSecurity etcdSecurity, NodeProfile profile) {
    /** How long one etcd call may take by default. */
    public static final Duration DEFAULT_ETCD_TIMEOUT = Duration.ofSeconds(3);
    /** The TTL of a node's registration by default. */
    public static final Duration DEFAULT_LEASE_TTL = Duration.ofSeconds(3);

    /** A node with the default timeout and lease. */
    public ClusterNode(String etcdEndpoints, String address, String name) {
        this(etcdEndpoints, address, name, DEFAULT_ETCD_TIMEOUT, DEFAULT_LEASE_TTL);
    }

    /** A node that reaches etcd without TLS files or user, with this machine's profile. */
    public ClusterNode(String etcdEndpoints, String address, String name, Duration etcdTimeout, Duration leaseTtl) {
        this(etcdEndpoints, address, name, etcdTimeout, leaseTtl, EtcdSecurity.NONE, null);
    }

    /** A node with this machine's profile. */
    public ClusterNode(String etcdEndpoints, String address, String name, Duration etcdTimeout, Duration leaseTtl,
                       EtcdSecurity etcdSecurity) {
        this(etcdEndpoints, address, name, etcdTimeout, leaseTtl, etcdSecurity, null);
    }

    /** This node with {@code newProfile}. */
    public ClusterNode withProfile(NodeProfile newProfile) {
        return new ClusterNode(etcdEndpoints, address, name, etcdTimeout, leaseTtl, etcdSecurity, newProfile);
    }

    private static final String OCTET = "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
    private static final Pattern IPV4 = Pattern.compile(OCTET + "(\\." + OCTET + "){3}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

    /**
     * Checks the fields; a bad one is an {@link IllegalArgumentException} in the form
     * {@code --option value (expected: ...)}.
     */
    public ClusterNode {
        try {
            EtcdClients.parse(etcdEndpoints, etcdSecurity);
        } catch (IllegalArgumentException e) {
            // the endpoint list's message names the value "etcd: ..."; the TLS files' name their options already
            throw e.getMessage().startsWith("--") ? e : new IllegalArgumentException("--" + e.getMessage(), e);
        }
        if (address == null || !IPV4.matcher(address).matches() || address.equals("0.0.0.0")) {
            throw new IllegalArgumentException("--node-address " + address + " (expected: with --etcd, this node's own "
                    + "IPv4 address, which every listener binds)");
        }
        profile = profile == null ? NodeProfile.machine() : profile;
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("--node-name " + name
                    + " (expected: 1-63 letters, digits, '.', '_' or '-', starting with a letter or digit)");
        }
    }

    /** How this node reaches etcd, for the start-up banner: TLS files and user, never the password. */
    String etcdAccess() {
        return etcdSecurity.describe(EtcdClients.https(EtcdClients.parse(etcdEndpoints)));
    }

    /** How long a starting node waits for etcd to answer its first read. */
    static final Duration STARTUP_PATIENCE = Duration.ofSeconds(30);

    /**
     * The cluster's stores, on a new etcd client, once etcd answers (at most {@link #STARTUP_PATIENCE}); first, every
     * member that answers must let this node in (TLS and user), else start fails naming the member and the reason.
     */
    EtcdStores stores() {
        EtcdEndpointCheck.verify(etcdEndpoints, etcdSecurity, etcdTimeout);
        EtcdStores stores = new EtcdStores(EtcdClients.connect(etcdEndpoints, etcdSecurity, etcdTimeout), etcdTimeout);
        try {
            return stores.awaitReachable(STARTUP_PATIENCE);
        } catch (RuntimeException e) {
            stores.close();
            throw EtcdEndpointCheck.explained(e, etcdEndpoints, etcdSecurity);
        }
    }
}
