package dev.ballast.control.classic;

import dev.ballast.control.BestEffortPublisher;
import dev.ballast.control.ConfigPublisher;
import dev.ballast.control.PublicAddresses;
import dev.ballast.control.elbv2.ElbSettings;
import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;
import dev.ballast.control.store.Store;
import dev.ballast.control.store.ConflictRetry;
import dev.ballast.control.store.StoreConflictException;
import dev.ballast.control.store.StoreErrors;
import dev.ballast.control.store.StoreException;
import dev.ballast.core.model.ConfigSnapshot;
import dev.ballast.core.model.ListenerBindException;
import dev.ballast.core.model.Scheme;
import dev.ballast.core.validation.ValidationException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer of the Classic Load Balancer configuration: a command changes a copy of the current state;
 * if it succeeds, the data plane gets the new configuration (binding new listeners), then the change is committed
 * to the store, durable before the command returns. If any step fails, the data plane keeps (or gets back) the
 * previous configuration and neither the store nor the state changes.
 *
 * <p>Thread-safe: commands are serialised by {@link #write}; {@link #state} may be read from any thread.
 */
public final class ClassicWriter {
    private static final Logger log = LoggerFactory.getLogger(ClassicWriter.class);

    private final Store store;
    private final ClassicCodec codec = new ClassicCodec();
    private final ClassicSnapshot snapshots;
    private final BestEffortPublisher publisher;
    private volatile ClassicState state;

    private ClassicWriter(Store store, ClassicSnapshot snapshots, ConfigPublisher publisher, ClassicState state) {
        this.store = store;
        this.snapshots = snapshots;
        this.publisher = new BestEffortPublisher(publisher);
        this.state = state;
    }

    /**
     * Loads the classic configuration from {@code store} and publishes what the data plane can serve; a listener
     * it cannot serve (its port taken) is logged, kept and tried again by {@link #retryFailedListeners} and every
     * later change. Internet-facing load balancers bind the server's current {@code --public-address} (one
     * address, or one of its pool), whatever it was when they were stored.
     */
    public static ClassicWriter open(Store store, ClassicSnapshot snapshots, ConfigPublisher publisher,
                                     ElbSettings settings) {
        ClassicWriter writer = new ClassicWriter(store, snapshots, publisher, null);
        ClassicState loaded = writer.movePublic(writer.codec.decode(store.read(ClassicCodec.PREFIX)), settings);
        writer.state = loaded;
        try {
            writer.publisher.publishStored(snapshots.build(loaded));
        } catch (RuntimeException e) {
            log.error("the stored classic configuration (revision {}) could not be applied: {}", loaded.revision(),
                    e.getMessage());
        }
        log.info("loaded {} classic load balancers at revision {}", loaded.loadBalancers().size(), loaded.revision());
        return writer;
    }

    /**
     * Moves internet-facing load balancers stored with an address --public-address no longer gives them (see
     * {@link PublicAddresses#rebind}), durably.
     */
    private ClassicState movePublic(ClassicState stored, ElbSettings settings) {
        Map<String, ClassicLoadBalancer> moved = new LinkedHashMap<>(stored.loadBalancers());
        PublicAddresses pool = settings.publicAddresses();
        Set<String> assigned = new HashSet<>();
        stored.loadBalancers().forEach((name, lb) -> {
            if (lb.scheme() != Scheme.INTERNET_FACING) {
                return;
            }
            String address = pool.rebind(lb.bindAddress(), assigned, settings.addressTakenOnHost());
            if (!lb.bindAddress().equals(address)) {
                log.info("classic load balancer {} moves from {} to {} (--public-address)", name, lb.bindAddress(),
                        address);
                moved.put(name, new ClassicLoadBalancer(name, lb.scheme(), lb.dnsName(), address, lb.createdAt(),
                        lb.listeners(), lb.healthCheck(), lb.instances(), lb.attributes(), lb.availabilityZones(),
                        lb.subnets(), lb.securityGroups(), lb.tags(), lb.policies()));
            }
        });
        if (moved.equals(stored.loadBalancers())) {
            return stored;
        }
        ClassicState next = new ClassicState(stored.revision() + 1, moved);
        store.commit(stored.revision(), codec.diff(stored, next));
        return next;
    }

    /** The latest committed state. */
    public ClassicState state() {
        return state;
    }

    /** Each stored listener that is not served, by ARN. */
    public Map<String, BestEffortPublisher.NotServed> listenerFailures() {
        return publisher.failures();
    }

    /** Binds the stored listeners that failed, if they can be now (their port was freed). */
    public synchronized void retryFailedListeners() {
        publisher.retry(snapshots.build(state));
    }

    /** How load balancers map onto the data plane's model. */
    public ClassicSnapshot snapshots() {
        return snapshots;
    }

    /**
     * Reads the store and, if another node committed past this writer's revision (cluster mode), takes that state
     * and publishes it. A store follower calls it for every change the store reports.
     */
    public synchronized void catchUp() {
        ClassicState stored = codec.decode(store.read(ClassicCodec.PREFIX));
        if (stored.revision() <= state.revision()) {
            return;
        }
        try {
            publisher.publishStored(snapshots.build(stored));
        } catch (RuntimeException e) {
            log.error("classic revision {} from the store could not be applied: {}", stored.revision(),
                    e.getMessage());
        }
        state = stored;
    }

    /**
     * Runs {@code command} on a copy of the load balancers and, if it changed anything, applies and commits the
     * result; returns what the command returned. If another node committed first (cluster mode), this writer
     * catches up and runs the command again on the new state.
     *
     * @throws AwsException if the command, the data plane or the store refused; nothing changed
     */
    public synchronized <T> T write(Function<Map<String, ClassicLoadBalancer>, T> command) {
        return ConflictRetry.run(() -> writeOnce(command), this::catchUp);
    }

    private <T> T writeOnce(Function<Map<String, ClassicLoadBalancer>, T> command) {
        ClassicState before = state;
        Map<String, ClassicLoadBalancer> draft = new LinkedHashMap<>(before.loadBalancers());
        T result = command.apply(draft);
        if (draft.equals(before.loadBalancers())) {
            return result;
        }
        ClassicState next = new ClassicState(before.revision() + 1, draft);
        ConfigSnapshot previous = publisher.current();
        Map<String, BestEffortPublisher.NotServed> failures;
        try {
            failures = publisher.publish(snapshots.build(next));
        } catch (AwsException e) {
            throw e;
        } catch (ValidationException e) {
            throw new AwsException(AwsError.CLASSIC_INVALID_CONFIGURATION_REQUEST, e.getMessage());
        } catch (ListenerBindException e) {
            throw new AwsException(AwsError.CLASSIC_INVALID_CONFIGURATION_REQUEST,
                    "The configuration cannot be applied: " + e.getMessage() + "; choose another LoadBalancerPort");
        } catch (RuntimeException e) {
            throw new AwsException(AwsError.CLASSIC_INVALID_CONFIGURATION_REQUEST,
                    "The configuration cannot be applied: " + e.getMessage());
        }
        try {
            store.commit(before.revision(), codec.diff(before, next));
        } catch (StoreConflictException e) {
            publisher.restore(previous);
            throw e;
        } catch (StoreException e) {
            log.error("commit of classic revision {} failed: {}", next.revision(), e.getMessage());
            publisher.restore(previous);
            throw StoreErrors.answer(e);
        }
        state = next;
        publisher.accept(failures);
        return result;
    }
}
