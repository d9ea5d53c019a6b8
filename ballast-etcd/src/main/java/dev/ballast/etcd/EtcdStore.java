package dev.ballast.etcd;

import static dev.ballast.etcd.EtcdKeys.bytes;
import static dev.ballast.etcd.EtcdKeys.text;

import dev.ballast.control.store.Mutation;
import dev.ballast.control.store.Store;
import dev.ballast.control.store.StoreChange;
import dev.ballast.control.store.StoreConflictException;
import dev.ballast.control.store.StoreContents;
import dev.ballast.control.store.StoreException;
import dev.ballast.control.store.StoreFencedException;
import dev.ballast.control.store.CommitGuard;
import dev.ballast.control.store.StoreRecord;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The {@link Store} on etcd: one namespace of keys per store (see {@link EtcdKeys}). A commit is one etcd
 * transaction guarded by a compare on the store's revision key, so two nodes that commit against the same revision
 * cannot both succeed (the loser gets {@link StoreConflictException}, exactly as with one SQLite writer); etcd makes
 * it durable on a quorum before it answers. The transaction also writes the commit's mutations under a change-log
 * key (the last {@value #LOG_RETENTION} are kept), which {@link #watch} replays and follows, so every node sees every
 * commit in revision order. A record's value is stored as {@code <store revision>\n<value>} so that a read reports
 * the store revision that last wrote it.
 *
 * <p>Thread-safe: etcd serialises the transactions; each watch delivers on one thread at a time.
 */
public final class EtcdStore implements Store {
    /** How many past commits the change log keeps for watches that start in the past or reconnect. */
    static final int LOG_RETENTION = 1000;

    private final Client client;
    private final EtcdKeys keys;
    private final EtcdCalls calls;
    private final List<LogFollower> followers = new CopyOnWriteArrayList<>();

    private final int logRetention;

    private EtcdStore(Client client, EtcdKeys keys, EtcdCalls calls, int logRetention) {
        this.client = client;
        this.keys = keys;
        this.calls = calls;
        this.logRetention = logRetention;
    }

    /**
     * Opens the store kept under {@code namespace} ({@code /.../}) of the etcd that {@code client} reaches; every
     * etcd call gives up after {@code timeout}. The client stays the caller's to close.
     */
    public static EtcdStore open(Client client, String namespace, Duration timeout) {
        return open(client, namespace, timeout, LOG_RETENTION);
    }

    /** As {@link #open(Client, String, Duration)}, keeping the last {@code logRetention} commits in the log. */
    static EtcdStore open(Client client, String namespace, Duration timeout, int logRetention) {
        return new EtcdStore(client, new EtcdKeys(namespace), new EtcdCalls(timeout), logRetention);
    }

    @Override
    public StoreContents read(String prefix) {
        ByteSequence from = keys.data(prefix);
        TxnResponse r = calls.await("read " + prefix, client.getKVClient().txn()
                .Then(Op.get(keys.revision(), GetOption.DEFAULT),
                        Op.get(from, GetOption.builder().withRange(EtcdKeys.prefixEnd(from)).build()))
                .commit());
        long revision = revisionIn(r.getGetResponses().get(0));
        List<StoreRecord> records = new ArrayList<>();
        for (KeyValue kv : r.getGetResponses().get(1).getKvs()) {
            String stored = text(kv.getValue());
            int newline = stored.indexOf('\n');
            records.add(new StoreRecord(keys.dataKeyOf(kv.getKey()), stored.substring(newline + 1),
                    Long.parseLong(stored.substring(0, newline))));
        }
        return new StoreContents(revision, records);
    }

    @Override
    public long commit(long expectedRevision, List<Mutation> mutations) {
        return commit(expectedRevision, mutations, null);
    }

    /**
     * The commit's transaction also compares the guard key's creation revision (a leader's key under its lease):
     * when that compare fails but the revision's holds, the commit is fenced, not in conflict.
     */
    @Override
    public long commit(long expectedRevision, List<Mutation> mutations, CommitGuard guard) {
        long next = expectedRevision + 1;
        // A missing revision key (an empty store) compares by version 0: etcd's value compare fails on absent keys.
        Cmp revisionGuard = expectedRevision == 0 ? new Cmp(keys.revision(), Cmp.Op.EQUAL, CmpTarget.version(0))
                : new Cmp(keys.revision(), Cmp.Op.EQUAL, CmpTarget.value(bytes(Long.toString(expectedRevision))));
        List<Cmp> compares = new ArrayList<>(List.of(revisionGuard));
        if (guard != null) {
            compares.add(new Cmp(bytes(guard.key()), Cmp.Op.EQUAL, CmpTarget.createRevision(guard.createRevision())));
        }
        TxnResponse r = calls.await("commit revision " + next, client.getKVClient().txn()
                .If(compares.toArray(Cmp[]::new))
                .Then(operations(next, mutations).toArray(Op[]::new))
                .Else(Op.get(keys.revision(), GetOption.DEFAULT))
                .commit());
        if (!r.isSucceeded()) {
            long actual = revisionIn(r.getGetResponses().get(0));
            if (guard != null && actual == expectedRevision) {
                throw new StoreFencedException("guard: " + guard.key() + " created at revision "
                        + guard.createRevision() + " (expected: still held; another node leads now)");
            }
            throw new StoreConflictException(expectedRevision, actual);
        }
        return next;
    }

    /** The data puts and deletes (one per key: etcd refuses a key twice in one transaction), revision, log. */
    private List<Op> operations(long next, List<Mutation> mutations) {
        Map<String, Mutation> lastPerKey = new LinkedHashMap<>();
        for (Mutation m : mutations) {
            lastPerKey.remove(m.key());
            lastPerKey.put(m.key(), m);
        }
        List<Op> ops = new ArrayList<>();
        for (Mutation m : lastPerKey.values()) {
            ops.add(m instanceof Mutation.Put p
                    ? Op.put(keys.data(p.key()), bytes(next + "\n" + p.value()), PutOption.DEFAULT)
                    : Op.delete(keys.data(m.key()), DeleteOption.DEFAULT));
        }
        ops.add(Op.put(keys.revision(), bytes(Long.toString(next)), PutOption.DEFAULT));
        ops.add(Op.put(keys.log(next), bytes(ChangeLogCodec.encode(mutations)), PutOption.DEFAULT));
        if (next > logRetention) {
            ops.add(Op.delete(keys.log(next - logRetention), DeleteOption.DEFAULT));
        }
        return ops;
    }

    private static long revisionIn(GetResponse response) {
        List<KeyValue> kvs = response.getKvs();
        if (kvs.isEmpty()) {
            return 0;
        }
        String value = text(kvs.get(0).getValue());
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new StoreException("revision key: " + value + " (expected: a decimal revision)", e);
        }
    }

    @Override
    public AutoCloseable watch(long afterRevision, Consumer<StoreChange> watcher) {
        LogFollower follower = new LogFollower(client, keys, calls, afterRevision, watcher);
        followers.add(follower);
        follower.start();
        return () -> {
            followers.remove(follower);
            follower.close();
        };
    }

    /** The store's latest revision, read from etcd. */
    public long revision() {
        return revisionIn(calls.await("read revision", client.getKVClient().get(keys.revision())));
    }

    @Override
    public void close() {
        followers.forEach(LogFollower::close);
        followers.clear();
    }
}
