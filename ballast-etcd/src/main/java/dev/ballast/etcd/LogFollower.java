package dev.ballast.etcd;

import dev.ballast.control.store.StoreChange;
import dev.ballast.control.store.StoreException;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import io.etcd.jetcd.watch.WatchResponse;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One watch of an {@link EtcdStore}: reads the change log after the last delivered revision, then follows it
 * with an etcd watch from the revision of that read. When the etcd watch fails (a member lost, the watched
 * revision compacted) it reads the log again from the last delivered revision and watches anew; if the log no
 * longer holds the next revision, the watcher gets {@link StoreChange#resyncAt} and reads the store itself.
 *
 * <p>Thread-safe: everything after construction, and every call of the watcher, runs on the follower's own
 * single thread, so changes are delivered one at a time in revision order.
 */
final class LogFollower {
    private static final Logger log = LoggerFactory.getLogger(LogFollower.class);
    private static final long RETRY_MILLIS = 250;

    private final Client client;
    private final EtcdKeys keys;
    private final EtcdCalls calls;
    private final Consumer<StoreChange> watcher;
    private final ScheduledExecutorService thread;
    private long delivered;
    private Watch.Watcher etcdWatch;
    private volatile boolean closed;

    LogFollower(Client client, EtcdKeys keys, EtcdCalls calls, long afterRevision, Consumer<StoreChange> watcher) {
        this.client = client;
        this.keys = keys;
        this.calls = calls;
        this.watcher = watcher;
        this.delivered = afterRevision;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ballast-etcd-watch");
            t.setDaemon(true);
            return t;
        });
    }

    /** Delivers the changes already committed, then follows; throws if etcd could not be read. */
    void start() {
        try {
            thread.submit(this::resume).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("watch: interrupted", e);
        } catch (ExecutionException e) {
            close();
            throw e.getCause() instanceof StoreException s ? s : new StoreException("watch: " + e.getCause(), e);
        }
    }

    private void resume() {
        if (closed) {
            return;
        }
        ByteSequence from = keys.log(delivered + 1);
        TxnResponse r = calls.await("watch from revision " + delivered, client.getKVClient().txn()
                .Then(Op.get(keys.revision(), GetOption.DEFAULT),
                        Op.get(from, GetOption.builder().withRange(EtcdKeys.prefixEnd(keys.logPrefix())).build()))
                .commit());
        List<KeyValue> current = r.getGetResponses().get(0).getKvs();
        long latest = current.isEmpty() ? 0 : Long.parseLong(EtcdKeys.text(current.get(0).getValue()));
        List<KeyValue> entries = r.getGetResponses().get(1).getKvs();
        if (latest > delivered && (entries.isEmpty() || keys.revisionOfLog(entries.get(0).getKey()) != delivered + 1)) {
            log.warn("{}: the change log no longer holds revision {}; watchers read the store at revision {}",
                    EtcdKeys.text(keys.logPrefix()), delivered + 1, latest);
            deliver(StoreChange.resyncAt(latest));
        } else {
            entries.forEach(this::deliverEntry);
        }
        WatchOption option = WatchOption.builder().withRange(EtcdKeys.prefixEnd(keys.logPrefix()))
                .withRevision(r.getHeader().getRevision() + 1).withNoDelete(true).build();
        etcdWatch = client.getWatchClient().watch(keys.logPrefix(), option,
                Watch.listener(response -> submit(() -> onResponse(response)), error -> submit(() -> onError(error))));
    }

    private void onResponse(WatchResponse response) {
        for (WatchEvent event : response.getEvents()) {
            if (event.getEventType() == WatchEvent.EventType.PUT) {
                deliverEntry(event.getKeyValue());
            }
        }
    }

    private void deliverEntry(KeyValue entry) {
        long revision = keys.revisionOfLog(entry.getKey());
        if (revision <= delivered) {
            return; // already delivered by the read that preceded a re-established watch
        }
        deliver(new StoreChange(revision, ChangeLogCodec.decode(EtcdKeys.text(entry.getValue()))));
    }

    private void deliver(StoreChange change) {
        if (closed) {
            return;
        }
        try {
            watcher.accept(change);
        } catch (RuntimeException e) {
            log.error("a store watcher failed on revision {}: {}", change.revision(), e.toString(), e);
        }
        delivered = change.revision();
    }

    private void onError(Throwable error) {
        log.warn("{}: etcd watch failed after revision {} ({}); reading the change log again",
                EtcdKeys.text(keys.logPrefix()), delivered, error.toString());
        closeEtcdWatch();
        retryResume();
    }

    private void retryResume() {
        if (closed) {
            return;
        }
        thread.schedule(() -> {
            try {
                resume();
            } catch (StoreException e) {
                log.debug("watch resume failed, trying again: {}", e.getMessage());
                retryResume();
            }
        }, RETRY_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void submit(Runnable task) {
        try {
            thread.execute(task);
        } catch (RejectedExecutionException e) {
            // closed meanwhile: nothing more is delivered
        }
    }

    private void closeEtcdWatch() {
        if (etcdWatch != null) {
            etcdWatch.close();
            etcdWatch = null;
        }
    }

    synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        submit(this::closeEtcdWatch);
        thread.shutdown();
    }
}
