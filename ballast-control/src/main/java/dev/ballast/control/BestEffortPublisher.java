package dev.ballast.control;

import dev.ballast.core.model.ConfigSnapshot;
import dev.ballast.core.model.Listener;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a writer's snapshots so that one listener that cannot be served (its port taken by another program, its
 * address gone) does not take down the others. Listeners that were stored before and failed are <em>optional</em>:
 * they are left out, retried one at a time on every publish and on {@link #retry}, and their reasons are kept for
 * the API to show. Every other listener is <em>required</em>: if one cannot be applied, the publish throws and
 * nothing changes, so an API call that would add it fails instead of storing something that is not served.
 *
 * <p>Thread-safe: publishing is done under the owning writer's lock; {@link #failures} may be read from any thread.
 */
public final class BestEffortPublisher {
    private static final Logger log = LoggerFactory.getLogger(BestEffortPublisher.class);

    private final ConfigPublisher publisher;
    private volatile Map<String, NotServed> failures = Map.of();

    /**
     * A listener that is not served.
     *
     * @param listener which one, e.g. {@code listener HTTP:8080 of load balancer web}
     * @param reason why, e.g. {@code port 8080 on 0.0.0.0 is in use by PID 4242 (nginx)}
     */
    public record NotServed(String listener, String reason) {}

    /** Publishes through {@code publisher}. */
    public BestEffortPublisher(ConfigPublisher publisher) {
        this.publisher = publisher;
    }

    /** Each listener that is not served, by ARN; empty when everything is served. */
    public Map<String, NotServed> failures() {
        return failures;
    }

    /** The snapshot the data plane serves for this writer. */
    public ConfigSnapshot current() {
        return publisher.current();
    }

    /** Publishes the stored configuration at start: every listener is optional, whatever can be served is. */
    public void publishStored(ConfigSnapshot snapshot) {
        failures = publish(snapshot, snapshot.listeners().keySet());
    }

    /**
     * Publishes {@code snapshot}; listeners that already failed are optional, the others required.
     *
     * @return the failures after this publish, to be made current with {@link #accept} once the change is committed
     * @throws RuntimeException if a required listener cannot be applied; the previous snapshot stays in force
     */
    public Map<String, NotServed> publish(ConfigSnapshot snapshot) {
        return publish(snapshot, failures.keySet());
    }

    /** Makes {@code next} (from {@link #publish}) the current failures. */
    public void accept(Map<String, NotServed> next) {
        failures = Map.copyOf(next);
    }

    /** Puts back {@code snapshot} (a publish whose change could not be committed); the failures stay as they were. */
    public void restore(ConfigSnapshot snapshot) {
        publisher.publish(snapshot);
    }

    /** Tries the failed listeners of {@code snapshot} (the committed configuration) again. */
    public void retry(ConfigSnapshot snapshot) {
        if (!failures.isEmpty()) {
            accept(publish(snapshot));
        }
    }

    private Map<String, NotServed> publish(ConfigSnapshot snapshot, Set<String> optional) {
        Map<String, NotServed> before = failures;
        try {
            publisher.publish(snapshot);
            report(before, Map.of(), snapshot);
            return Map.of();
        } catch (RuntimeException whole) {
            List<Listener> wanted = snapshot.listeners().values().stream()
                    .filter(l -> optional.contains(l.arn())).toList();
            if (wanted.isEmpty()) {
                throw whole;
            }
            List<Listener> served = new java.util.ArrayList<>(snapshot.listeners().values().stream()
                    .filter(l -> !optional.contains(l.arn())).toList());
            publisher.publish(with(snapshot, served)); // the required part must apply: throws, changing nothing
            Map<String, NotServed> failed = new LinkedHashMap<>();
            for (Listener listener : wanted) {
                served.add(listener);
                try {
                    publisher.publish(with(snapshot, served));
                } catch (RuntimeException e) {
                    served.remove(served.size() - 1);
                    failed.put(listener.arn(), new NotServed(describe(snapshot, listener), e.getMessage()));
                }
            }
            report(before, failed, snapshot);
            return failed;
        }
    }

    private static ConfigSnapshot with(ConfigSnapshot snapshot, List<Listener> listeners) {
        return new ConfigSnapshot(snapshot.revision(), snapshot.loadBalancers().values(), listeners,
                snapshot.targetGroups().values(), snapshot.targetAddresses(), snapshot.certificates().values());
    }

    /** Logs each listener that starts or stops failing once, not on every retry. */
    private static void report(Map<String, NotServed> before, Map<String, NotServed> after,
                               ConfigSnapshot snapshot) {
        after.forEach((arn, failure) -> {
            if (!failure.equals(before.get(arn))) {
                log.error("{} is not served: {}", failure.listener(), failure.reason());
            }
        });
        before.forEach((arn, failure) -> {
            if (!after.containsKey(arn) && snapshot.listeners().containsKey(arn)) {
                log.info("{} is served again", failure.listener());
            }
        });
    }

    private static String describe(ConfigSnapshot snapshot, Listener listener) {
        return "listener " + listener.protocol() + ":" + listener.port() + " of load balancer "
                + snapshot.loadBalancer(listener.loadBalancerArn()).name();
    }
}
