package dev.ballast.etcd;

import static dev.ballast.etcd.EtcdKeys.bytes;
import static dev.ballast.etcd.EtcdKeys.text;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.support.CloseableClient;
import io.etcd.jetcd.watch.WatchEvent;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster's membership: this node registers itself under {@code /ballast/nodes/<name>} with a lease of a few
 * seconds that it keeps alive, and follows every node's key, so {@link #live} lists the nodes whose lease is alive.
 * A node that dies stops renewing; etcd deletes its key when the lease expires and every other node drops it. A
 * node that loses its lease (cut off for longer than the TTL) registers again under a new one.
 *
 * <p>Thread-safe: registration and the view of the members change on the registry's own thread; {@link #live}
 * may be called from any thread.
 */
public final class NodeRegistry implements AutoCloseable {
    /** The prefix of the node keys. */
    public static final String PREFIX = EtcdStores.ROOT + "nodes/";
    private static final Logger log = LoggerFactory.getLogger(NodeRegistry.class);
    private static final long RETRY_MILLIS = 250;

    private final Client client;
    private final NodeRecord self;
    private final Duration ttl;
    private final EtcdCalls calls;
    private final Map<String, NodeRecord> members = new ConcurrentHashMap<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService thread;
    private volatile boolean closed;
    private long leaseId;
    private CloseableClient keepAlive;
    private Watch.Watcher watch;

    private NodeRegistry(Client client, NodeRecord self, Duration ttl, Duration timeout) {
        this.client = client;
        this.self = self;
        this.ttl = ttl;
        this.calls = new EtcdCalls(timeout);
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ballast-etcd-nodes");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Registers {@code self} under a lease of {@code ttl} (whole seconds, at least 1) and starts following the
     * members; throws if etcd cannot be reached now.
     */
    public static NodeRegistry join(Client client, NodeRecord self, Duration ttl, Duration timeout) {
        NodeRegistry registry = new NodeRegistry(client, self, ttl, timeout);
        try {
            registry.thread.submit(() -> {
                registry.register();
                registry.follow();
                return null;
            }).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            registry.close();
            throw new IllegalStateException("joining the cluster: interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            registry.close();
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
        return registry;
    }

    private void register() {
        long seconds = Math.max(1, ttl.toSeconds());
        leaseId = calls.await("lease for node " + self.name(), client.getLeaseClient().grant(seconds)).getID();
        calls.await("register node " + self.name(), client.getKVClient().put(bytes(PREFIX + self.name()),
                bytes(self.toJson()), PutOption.builder().withLeaseId(leaseId).build()));
        long lease = leaseId;
        keepAlive = LeaseKeepAlive.start(client, lease, why -> execute(() -> reRegister(lease, why)));
        log.info("node {} ({}, {}) registered under lease {} ({} s)", self.name(), self.address(),
                self.instanceId(), Long.toHexString(leaseId), seconds);
    }

    private void reRegister(long lease, String why) {
        if (closed || lease != leaseId) {
            return;
        }
        log.warn("node {}: {}; registering again", self.name(), why);
        if (keepAlive != null) {
            keepAlive.close();
        }
        try {
            register();
        } catch (RuntimeException e) {
            log.debug("registering again failed, retrying: {}", e.getMessage());
            schedule(() -> reRegister(lease, why));
        }
    }

    /** Reads the members, then watches their keys from the revision of that read. */
    private void follow() {
        ByteSequence prefix = bytes(PREFIX);
        GetResponse r = calls.await("read nodes", client.getKVClient().get(prefix,
                GetOption.builder().withRange(EtcdKeys.prefixEnd(prefix)).build()));
        Set<String> present = new HashSet<>();
        for (KeyValue kv : r.getKvs()) {
            present.add(text(kv.getKey()).substring(PREFIX.length()));
            put(kv);
        }
        members.keySet().retainAll(present); // in place: readers never see an empty view while it is rebuilt
        changed();
        watch = client.getWatchClient().watch(prefix, WatchOption.builder().withRange(EtcdKeys.prefixEnd(prefix))
                        .withRevision(r.getHeader().getRevision() + 1).build(),
                Watch.listener(response -> execute(() -> {
                    for (WatchEvent e : response.getEvents()) {
                        if (e.getEventType() == WatchEvent.EventType.PUT) {
                            put(e.getKeyValue());
                        } else {
                            members.remove(text(e.getKeyValue().getKey()).substring(PREFIX.length()));
                        }
                    }
                    changed();
                }), error -> execute(this::refollow)));
    }

    private void refollow() {
        if (closed) {
            return;
        }
        if (watch != null) {
            watch.close();
        }
        try {
            follow();
        } catch (RuntimeException e) {
            schedule(this::refollow);
        }
    }

    private void put(KeyValue kv) {
        try {
            members.put(text(kv.getKey()).substring(PREFIX.length()), NodeRecord.fromJson(text(kv.getValue())));
        } catch (IllegalArgumentException e) {
            log.warn("ignoring {}: {}", text(kv.getKey()), e.getMessage());
        }
    }

    private void changed() {
        for (Runnable listener : listeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                log.warn("a node listener failed: {}", e.toString());
            }
        }
    }

    /**
     * The live nodes, by name. Once this node has left ({@link #close}), it is not among them: it still serves its
     * drain, but its API and DNS must not send clients back to it while the others already dropped it.
     */
    public List<NodeRecord> live() {
        return members.values().stream().filter(n -> !closed || !n.name().equals(self.name()))
                .sorted(Comparator.comparing(NodeRecord::name)).toList();
    }

    /** This node. */
    public NodeRecord self() {
        return self;
    }

    /** Runs {@code listener} (on the registry's thread) whenever a node joins or leaves. */
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    private void execute(Runnable task) {
        try {
            thread.execute(task);
        } catch (RejectedExecutionException e) {
            // closed
        }
    }

    private void schedule(Runnable task) {
        try {
            thread.schedule(task, RETRY_MILLIS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closed
        }
    }

    /** Leaves the cluster at once: the lease is revoked, so the other nodes drop this one now, not after the TTL. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            thread.submit(() -> {
                if (watch != null) {
                    watch.close();
                }
                if (keepAlive != null) {
                    keepAlive.close();
                }
                if (leaseId != 0) {
                    try {
                        calls.await("leave", client.getLeaseClient().revoke(leaseId));
                    } catch (RuntimeException e) {
                        log.warn("node {}: revoking its lease failed ({}); the others drop it when it expires",
                                self.name(), e.getMessage());
                    }
                }
            }).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("leaving the cluster: {}", e.toString());
        }
        thread.shutdownNow();
    }
}
