package dev.ballast.control.ec2;

import dev.ballast.control.error.AwsException;
import dev.ballast.control.store.ConflictRetry;
import dev.ballast.control.store.Store;
import dev.ballast.control.store.StoreConflictException;
import dev.ballast.control.store.StoreErrors;
import dev.ballast.control.store.StoreException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer of the EC2 resources: a command changes an {@link Ec2Draft}; if it changed anything, the change
 * is committed to the store (durable before the command returns) and the new state is handed to every subscriber
 * (the load balancers' security group enforcement) before the command returns. If the command or the commit fails,
 * neither the store nor the state changes. In cluster mode other nodes commit to the same store: a follower calls
 * {@link #catchUp}, and a command that lost a race runs again on what the other node committed.
 *
 * <p>Thread-safe: commands and publishing are serialised by {@link #write}; {@link #state} may be read from any
 * thread.
 */
public final class Ec2Writer {
    private static final Logger log = LoggerFactory.getLogger(Ec2Writer.class);

    private final Store store;
    private final Ec2Codec codec = new Ec2Codec();
    private final List<Consumer<Ec2State>> subscribers = new CopyOnWriteArrayList<>();
    private volatile Ec2State state;

    private Ec2Writer(Store store) {
        this.store = store;
        this.state = codec.decode(store.read(Ec2Codec.ALL));
    }

    /** Loads the EC2 resources from {@code store}. */
    public static Ec2Writer open(Store store) {
        Ec2Writer writer = new Ec2Writer(store);
        log.info("loaded {} VPCs, {} subnets and {} security groups at revision {}", writer.state.vpcs().size(),
                writer.state.subnets().size(), writer.state.groups().size(), writer.state.revision());
        return writer;
    }

    /** The latest committed state. */
    public Ec2State state() {
        return state;
    }

    /** Hands the state to {@code subscriber} now and after every committed change. */
    public synchronized void subscribe(Consumer<Ec2State> subscriber) {
        subscriber.accept(state);
        subscribers.add(subscriber);
    }

    /**
     * Reads the store and, if another node committed past this writer's revision (cluster mode), takes that state
     * and hands it to the subscribers. A store follower calls it for every change the store reports.
     */
    public synchronized void catchUp() {
        Ec2State stored = codec.decode(store.read(Ec2Codec.ALL));
        if (stored.revision() <= state.revision()) {
            return;
        }
        state = stored;
        publish(stored);
    }

    /**
     * Runs {@code command} on a copy of the resources and, if it changed anything, commits and publishes the result;
     * returns what the command returned. If another node committed first (cluster mode), this writer catches up and
     * runs the command again on the new state.
     *
     * @throws AwsException if the command or the store refused; nothing changed
     */
    public synchronized <T> T write(Function<Ec2Draft, T> command) {
        return ConflictRetry.run(() -> writeOnce(command), this::catchUp);
    }

    private <T> T writeOnce(Function<Ec2Draft, T> command) {
        Ec2State before = state;
        Ec2Draft draft = Ec2Draft.of(before);
        T result = command.apply(draft);
        if (draft.sameAs(before)) {
            return result;
        }
        Ec2State next = draft.commit(before.revision() + 1);
        try {
            store.commit(before.revision(), codec.diff(before, next));
        } catch (StoreConflictException e) {
            throw e;
        } catch (StoreException e) {
            log.error("commit of EC2 revision {} failed: {}", next.revision(), e.getMessage());
            throw StoreErrors.answer(e);
        }
        state = next;
        publish(next);
        return result;
    }

    private void publish(Ec2State next) {
        for (Consumer<Ec2State> subscriber : subscribers) {
            try {
                subscriber.accept(next);
            } catch (RuntimeException e) {
                // The change is stored; a subscriber that cannot take it keeps what it had.
                log.error("EC2 revision {} not taken by a subscriber: {}", next.revision(), e.toString(), e);
            }
        }
    }
}
