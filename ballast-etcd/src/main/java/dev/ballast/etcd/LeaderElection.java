package dev.ballast.etcd;

import static dev.ballast.etcd.EtcdKeys.bytes;
import static dev.ballast.etcd.EtcdKeys.text;

import dev.ballast.control.cluster.Leadership;
import dev.ballast.control.store.CommitGuard;
import dev.ballast.control.store.StoreFencedException;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.etcd.jetcd.support.CloseableClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A leased leader key in etcd: the node that creates {@code key} (absent until then) under a lease of its own leads
 * until that lease ends; it keeps the lease alive, and when it stops cleanly it revokes it so another node takes
 * over at once. Every other node tries again every {@code retryInterval}, so after a leader dies one of them leads
 * within its lease's TTL plus that interval. A term is identified by the key's creation revision, which
 * {@link #guard} hands to the leader's commits: once the key is gone or re-created by the next leader, a commit of
 * the old term is refused ({@link StoreFencedException}) even if the old leader has not noticed yet.
 *
 * <p>Thread-safe: campaigns and changes of term run on the election's own thread; {@link #leading} and
 * {@link #guard} may be called from any thread.
 */
public final class LeaderElection implements Leadership, AutoCloseable {
    /** Where the ECS service scheduler's leader key lives. */
    public static final String ECS_SCHEDULER_KEY = EtcdStores.ROOT + "leaders/ecs-scheduler";
    private static final Logger log = LoggerFactory.getLogger(LeaderElection.class);

    private final Client client;
    private final ByteSequence key;
    private final String self;
    private final Duration ttl;
    private final EtcdCalls calls;
    private final ScheduledExecutorService thread;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private volatile CommitGuard term;
    private volatile boolean closed;
    private long leaseId;
    private CloseableClient keepAlive;

    private LeaderElection(Client client, String key, String self, Duration ttl, Duration timeout) {
        this.client = client;
        this.key = bytes(key);
        this.self = self;
        this.ttl = ttl;
        this.calls = new EtcdCalls(timeout);
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ballast-etcd-leader");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts campaigning for {@code key} as {@code self} with a lease of {@code ttl}, trying again every quarter of
     * it while another node leads.
     */
    public static LeaderElection start(Client client, String key, String self, Duration ttl, Duration timeout) {
        return start(client, key, self, ttl, ttl.dividedBy(4), timeout);
    }

    /**
     * Starts campaigning for {@code key} as {@code self} with a lease of {@code ttl} (whole seconds, at least 1),
     * trying every {@code retryInterval} while another node leads; etcd calls give up after {@code timeout}.
     */
    public static LeaderElection start(Client client, String key, String self, Duration ttl, Duration retryInterval,
                                       Duration timeout) {
        LeaderElection election = new LeaderElection(client, key, self, ttl, timeout);
        election.thread.scheduleWithFixedDelay(election::campaign, 0, retryInterval.toMillis(),
                TimeUnit.MILLISECONDS);
        return election;
    }

    @Override
    public boolean leading() {
        return term != null;
    }

    @Override
    public CommitGuard guard() {
        CommitGuard current = term;
        if (current == null) {
            throw new StoreFencedException("node " + self + " does not lead " + text(key) + " (expected: the leader)");
        }
        return current;
    }

    @Override
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    /** Creates the key under a new lease if nobody holds it; a no-op while this node leads. */
    private void campaign() {
        if (closed || term != null) {
            return;
        }
        try {
            if (!calls.await("read " + text(key), client.getKVClient().get(key)).getKvs().isEmpty()) {
                return; // another node leads
            }
            long lease = calls.await("lease for " + text(key), client.getLeaseClient()
                    .grant(Math.max(1, ttl.toSeconds()))).getID();
            TxnResponse r = calls.await("create " + text(key), client.getKVClient().txn()
                    .If(new Cmp(key, Cmp.Op.EQUAL, CmpTarget.createRevision(0)))
                    .Then(Op.put(key, bytes(self), PutOption.builder().withLeaseId(lease).build()),
                            Op.get(key, GetOption.DEFAULT))
                    .commit());
            if (!r.isSucceeded()) {
                revoke(lease); // another node was faster
                return;
            }
            leaseId = lease;
            keepAlive = LeaseKeepAlive.start(client, lease, why -> execute(() -> lose(lease, why)));
            term = new CommitGuard(text(key), r.getGetResponses().get(0).getKvs().get(0).getCreateRevision());
            log.info("node {} leads {} (term {})", self, text(key), term.createRevision());
            changed();
        } catch (RuntimeException e) {
            log.debug("campaign for {} failed, retrying: {}", text(key), e.getMessage());
        }
    }

    /** Ends the term of {@code lease} (if it is still the current one); the next campaign may start a new one. */
    private void lose(long lease, String why) {
        if (lease != leaseId || term == null) {
            return;
        }
        log.warn("node {} no longer leads {}: {}", self, text(key), why);
        term = null;
        endLease();
        changed();
    }

    private void endLease() {
        if (keepAlive != null) {
            keepAlive.close();
            keepAlive = null;
        }
        if (leaseId != 0) {
            revoke(leaseId);
            leaseId = 0;
        }
    }

    private void revoke(long lease) {
        try {
            calls.await("revoke the lease of " + text(key), client.getLeaseClient().revoke(lease));
        } catch (RuntimeException e) {
            log.debug("revoking a lease failed; it expires by itself: {}", e.getMessage());
        }
    }

    private void changed() {
        for (Runnable listener : listeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                log.warn("a leadership listener failed: {}", e.toString());
            }
        }
    }

    private void execute(Runnable task) {
        try {
            thread.execute(task);
        } catch (RejectedExecutionException e) {
            // closed
        }
    }

    /** Stops campaigning; a leader revokes its lease, so another node leads at once rather than after the TTL. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            thread.submit(() -> {
                term = null;
                endLease();
            }).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("leaving the election for {}: {}", text(key), e.toString());
        }
        thread.shutdownNow();
    }
}
