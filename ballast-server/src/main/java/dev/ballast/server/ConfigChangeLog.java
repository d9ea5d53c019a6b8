package dev.ballast.server;

import dev.ballast.core.model.ConfigSnapshot;
import dev.ballast.core.model.LoadBalancer;
import dev.ballast.core.model.Listener;
import dev.ballast.core.model.SnapshotConsumer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs one line for every configuration that comes into force, naming what it added, changed and removed, e.g.
 * {@code configuration revision 7 in force: added listener HTTP:8080 of web-lb; changed target group web-tg}.
 *
 * <p>Thread-safe: {@link #apply} runs on the publisher's single writer; it is subscribed after the data plane, so
 * it reports only snapshots the data plane took.
 */
final class ConfigChangeLog implements SnapshotConsumer {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigChangeLog.class);
    /** Names listed per kind of change before "and N more". */
    private static final int MAX_NAMES = 10;

    private final Consumer<String> log;
    private ConfigSnapshot previous = ConfigSnapshot.empty();

    /** Logs to this class's logger at INFO. */
    ConfigChangeLog() {
        this(LOG::info);
    }

    /** Hands each line to {@code log}. */
    ConfigChangeLog(Consumer<String> log) {
        this.log = log;
    }

    @Override
    public synchronized void apply(ConfigSnapshot snapshot) {
        List<String> added = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        diff(previous.loadBalancers(), snapshot.loadBalancers(), lb -> "load balancer " + lb.name(),
                added, changed, removed);
        diff(previous.listeners(), snapshot.listeners(), l -> "listener " + listenerName(l, snapshot),
                added, changed, removed);
        diff(previous.targetGroups(), snapshot.targetGroups(), g -> "target group " + g.name(),
                added, changed, removed);
        ConfigSnapshot before = previous;
        previous = snapshot;
        if (added.isEmpty() && changed.isEmpty() && removed.isEmpty() && before.revision() != 0) {
            return; // the same configuration published again
        }
        StringBuilder line = new StringBuilder("configuration revision " + snapshot.revision() + " in force: "
                + snapshot.loadBalancers().size() + " load balancers, " + snapshot.listeners().size() + " listeners, "
                + snapshot.targetGroups().size() + " target groups");
        part(line, "added", added);
        part(line, "changed", changed);
        part(line, "removed", removed);
        log.accept(line.toString());
    }

    private String listenerName(Listener listener, ConfigSnapshot snapshot) {
        LoadBalancer lb = snapshot.loadBalancer(listener.loadBalancerArn());
        if (lb == null) {
            lb = previous.loadBalancer(listener.loadBalancerArn());
        }
        return listener.protocol() + ":" + listener.port() + " of " + (lb == null ? "?" : lb.name());
    }

    private static <T> void diff(Map<String, T> before, Map<String, T> after, Function<T, String> name,
                                 List<String> added, List<String> changed, List<String> removed) {
        after.forEach((arn, now) -> {
            T was = before.get(arn);
            if (was == null) {
                added.add(name.apply(now));
            } else if (!was.equals(now)) {
                changed.add(name.apply(now));
            }
        });
        before.forEach((arn, was) -> {
            if (!after.containsKey(arn)) {
                removed.add(name.apply(was));
            }
        });
    }

    private static void part(StringBuilder line, String verb, List<String> names) {
        if (names.isEmpty()) {
            return;
        }
        line.append("; ").append(verb).append(' ')
                .append(String.join(", ", names.subList(0, Math.min(MAX_NAMES, names.size()))));
        if (names.size() > MAX_NAMES) {
            line.append(" and ").append(names.size() - MAX_NAMES).append(" more");
        }
    }
}
