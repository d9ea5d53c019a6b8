package dev.ballast.control.route53;

import dev.ballast.control.cloudmap.DiscoveryRecords;
import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;
import dev.ballast.control.store.Store;
import dev.ballast.control.store.ConflictRetry;
import dev.ballast.control.store.StoreConflictException;
import dev.ballast.control.store.StoreErrors;
import dev.ballast.control.store.StoreException;
import dev.ballast.core.dns.HostedZone;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer of the Route 53 resources: a command changes a {@link Route53Draft}; if it changed anything,
 * the change is committed to the store (durable before the command returns) and the zones are handed to every
 * subscriber (the DNS) before the command returns, so the next query sees them. If the command or the commit fails,
 * neither the store nor the state changes.
 *
 * <p>Thread-safe: commands and publishing are serialised by {@link #write}; {@link #state} may be read from any
 * thread.
 */
public final class Route53Writer {
    private static final Logger log = LoggerFactory.getLogger(Route53Writer.class);

    private final Store store;
    private final Route53Codec codec = new Route53Codec();
    private final List<Consumer<List<HostedZone>>> subscribers = new CopyOnWriteArrayList<>();
    private volatile Route53State state;

    private Route53Writer(Store store) {
        this.store = store;
        this.state = codec.decode(store.read(Route53Codec.ALL));
    }

    /** Loads the Route 53 resources from {@code store}. */
    public static Route53Writer open(Store store) {
        Route53Writer writer = new Route53Writer(store);
        log.info("loaded {} Route 53 hosted zones at revision {}", writer.state.zones().size(),
                writer.state.revision());
        return writer;
    }

    /** The latest committed state. */
    public Route53State state() {
        return state;
    }

    /** Hands the zones to {@code subscriber} now and after every committed change. */
    public synchronized void subscribe(Consumer<List<HostedZone>> subscriber) {
        subscriber.accept(zones(state));
        subscribers.add(subscriber);
    }

    /**
     * Reads the store and, if another node committed past this writer's revision (cluster mode), takes that state
     * and publishes its zones. A store follower calls it for every change the store reports.
     */
    public synchronized void catchUp() {
        Route53State before = state;
        Route53State stored = codec.decode(store.read(Route53Codec.ALL));
        if (stored.revision() <= before.revision()) {
            return;
        }
        state = stored;
        publish(before, stored);
    }

    /**
     * Runs {@code command} on a copy of the resources and, if it changed anything, commits the result and publishes
     * the zones; returns what the command returned. If another node committed first (cluster mode), this writer
     * catches up and runs the command again on the new state.
     *
     * @throws AwsException if the command or the store refused; nothing changed
     */
    public synchronized <T> T write(Function<Route53Draft, T> command) {
        return ConflictRetry.run(() -> writeOnce(command), this::catchUp);
    }

    private <T> T writeOnce(Function<Route53Draft, T> command) {
        Route53State before = state;
        Route53Draft draft = Route53Draft.of(before);
        T result = command.apply(draft);
        if (draft.sameAs(before)) {
            return result;
        }
        Route53State next = draft.commit(before.revision() + 1);
        try {
            store.commit(before.revision(), codec.diff(before, next));
        } catch (StoreConflictException e) {
            throw e;
        } catch (StoreException e) {
            log.error("commit of Route 53 revision {} failed: {}", next.revision(), e.getMessage());
            throw StoreErrors.answer(e);
        }
        state = next;
        publish(before, next);
        return result;
    }

    /** Hands the zones of {@code next} to the subscribers if they differ from those of {@code before}. */
    private void publish(Route53State before, Route53State next) {
        List<HostedZone> zones = zones(next);
        if (!zones.equals(zones(before))) {
            for (Consumer<List<HostedZone>> subscriber : subscribers) {
                try {
                    subscriber.accept(zones);
                } catch (RuntimeException e) {
                    // The change is stored; a subscriber that cannot take it keeps its previous zones.
                    log.error("Route 53 revision {} not taken by the DNS: {}", next.revision(), e.toString(), e);
                }
            }
        }
    }

    private static List<HostedZone> zones(Route53State state) {
        // A DNS namespace's zone also answers the records of its Cloud Map services' instances.
        return state.zones().values().stream()
                .map(z -> DiscoveryRecords.served(z.toZone(), state.cloudMap())).toList();
    }
}
