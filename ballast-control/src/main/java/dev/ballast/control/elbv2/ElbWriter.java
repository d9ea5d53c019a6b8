package dev.ballast.control.elbv2;

import dev.ballast.control.PublicAddresses;
import dev.ballast.control.BestEffortPublisher;
import dev.ballast.control.ConfigPublisher;
import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;
import dev.ballast.control.store.ConflictRetry;
import dev.ballast.control.store.Mutation;
import dev.ballast.control.store.Store;
import dev.ballast.control.store.StoreConflictException;
import dev.ballast.control.store.StoreErrors;
import dev.ballast.control.store.StoreException;
import dev.ballast.core.model.ConfigSnapshot;
import dev.ballast.core.model.ListenerBindException;
import dev.ballast.core.model.LoadBalancer;
import dev.ballast.core.model.Scheme;
import dev.ballast.core.model.TargetAddresses;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer of the ELBv2 configuration. A command runs against a draft of the current state; if it
 * succeeds, the next snapshot is built and handed to the data plane (binding new listeners), then the change is
 * committed to the store, durable before the command returns. If any step fails, the data plane gets the
 * previous snapshot back and neither the store nor the state changes.
 *
 * <p>Thread-safe: commands are serialised by {@link #write}; {@link #state} may be read from any thread.
 */
public final class ElbWriter {
    private static final Logger log = LoggerFactory.getLogger(ElbWriter.class);

    private final Store store;
    private final StateCodec codec;
    private final SnapshotBuilder builder;
    private final BestEffortPublisher publisher;
    private volatile ElbState state;

    private ElbWriter(Store store, StateCodec codec, SnapshotBuilder builder, ConfigPublisher publisher,
                      ElbState state) {
        this.store = store;
        this.codec = codec;
        this.builder = builder;
        this.publisher = new BestEffortPublisher(publisher);
        this.state = state;
    }

    /**
     * Loads the configuration from {@code store} and publishes what the data plane can serve. A stored listener it
     * cannot serve (e.g. its port now taken by another process) is kept, reported by {@link #listenerFailures} and
     * tried again by {@link #retryFailedListeners} and every later change. Internet-facing load balancers bind
     * the server's current {@code --public-address} (one address, or one of its pool), whatever it was when they
     * were stored. Instance targets resolve through {@code targetAddresses}.
     */
    public static ElbWriter open(Store store, ConfigPublisher publisher, ElbSettings settings,
                                 TargetAddresses targetAddresses) {
        StateCodec codec = new StateCodec();
        ElbState loaded = movePublic(store, codec, codec.decode(store.read(StateCodec.PREFIX)), settings);
        ElbWriter writer = new ElbWriter(store, codec, new SnapshotBuilder(targetAddresses), publisher, loaded);
        try {
            writer.publisher.publishStored(writer.builder.build(loaded));
        } catch (RuntimeException e) {
            log.error("the stored configuration (revision {}) could not be applied: {}", loaded.revision(),
                    e.getMessage());
        }
        log.info("loaded {} load balancers, {} listeners, {} rules, {} target groups at revision {}",
                loaded.loadBalancers().size(), loaded.listeners().size(), loaded.rules().size(),
                loaded.targetGroups().size(), loaded.revision());
        return writer;
    }

    /**
     * Moves every internet-facing load balancer stored with an address that --public-address no longer gives it
     * (see {@link PublicAddresses#rebind}) and commits that, so that the store says what is served. Internal load
     * balancers keep their own addresses.
     */
    private static ElbState movePublic(Store store, StateCodec codec, ElbState stored, ElbSettings settings) {
        ElbDraft draft = new ElbDraft(stored);
        PublicAddresses pool = settings.publicAddresses();
        Set<String> assigned = new HashSet<>();
        for (LoadBalancerEntry entry : stored.loadBalancers().values()) {
            LoadBalancer m = entry.model();
            if (m.scheme() != Scheme.INTERNET_FACING) {
                continue;
            }
            String address = pool.rebind(m.bindAddress(), assigned, settings.addressTakenOnHost());
            if (!m.bindAddress().equals(address)) {
                log.info("load balancer {} moves from {} to {} (--public-address)", m.name(), m.bindAddress(),
                        address);
                draft.loadBalancers.put(m.arn(), entry.with(new LoadBalancer(m.arn(), m.name(), m.type(), m.scheme(),
                        m.dnsName(), address, m.attributes())));
            }
        }
        if (!draft.changed()) {
            return stored;
        }
        ElbState moved = draft.toState(stored.revision() + 1);
        store.commit(stored.revision(), codec.diff(stored, moved));
        return moved;
    }

    /** The latest committed state. */
    public ElbState state() {
        return state;
    }

    /** Each stored listener that is not served, by ARN. */
    public Map<String, BestEffortPublisher.NotServed> listenerFailures() {
        return publisher.failures();
    }

    /** Binds the stored listeners that failed, if they can be now (their port was freed). */
    public synchronized void retryFailedListeners() {
        publisher.retry(builder.build(state));
    }

    /**
     * Reads the store and, if another node committed past this writer's revision (cluster mode), takes that state
     * and publishes it. A {@link StoreFollower} calls it for every change the store reports.
     */
    public synchronized void catchUp() {
        ElbState stored = codec.decode(store.read(StateCodec.PREFIX));
        if (stored.revision() <= state.revision()) {
            return;
        }
        try {
            publisher.publishStored(builder.build(stored));
        } catch (RuntimeException e) {
            log.error("revision {} from the store could not be applied: {}", stored.revision(), e.getMessage());
        }
        state = stored;
    }

    /**
     * Runs {@code command} on a draft of the current state and, if it changed anything, applies and commits the
     * result. Returns what the command returned. If another node committed first (cluster mode), this writer
     * catches up and runs the command again on the new state, as if it had come after.
     *
     * @throws AwsException if the command, the data plane or the store refused; nothing changed
     */
    public synchronized <T> T write(Function<ElbDraft, T> command) {
        return ConflictRetry.run(() -> writeOnce(command), this::catchUp);
    }

    private <T> T writeOnce(Function<ElbDraft, T> command) {
        ElbState before = state;
        ElbDraft draft = new ElbDraft(before);
        T result = command.apply(draft);
        if (!draft.changed()) {
            return result;
        }
        ElbState next = draft.toState(before.revision() + 1);
        ConfigSnapshot snapshot = builder.build(next);
        List<Mutation> mutations = codec.diff(before, next);
        ConfigSnapshot previous = publisher.current();
        Map<String, BestEffortPublisher.NotServed> failures;
        try {
            failures = publisher.publish(snapshot);
        } catch (AwsException e) {
            throw e;
        } catch (ListenerBindException e) {
            throw new AwsException(AwsError.INVALID_CONFIGURATION_REQUEST,
                    "The configuration cannot be applied: " + e.getMessage() + "; choose another Port");
        } catch (RuntimeException e) {
            throw new AwsException(AwsError.INVALID_CONFIGURATION_REQUEST,
                    "The configuration cannot be applied: " + e.getMessage());
        }
        try {
            store.commit(before.revision(), mutations);
        } catch (StoreConflictException e) {
            log.info("revision {} was committed by another node first; catching up", next.revision());
            publisher.restore(previous);
            throw e;
        } catch (StoreException e) {
            log.error("commit of revision {} failed, restoring revision {}: {}", next.revision(), before.revision(),
                    e.getMessage());
            publisher.restore(previous);
            throw StoreErrors.answer(e);
        }
        state = next;
        publisher.accept(failures);
        return result;
    }
}
