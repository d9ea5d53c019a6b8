package dev.ballast.server;

import dev.ballast.control.elbv2.AttributeSpecs;
import dev.ballast.core.model.ConfigSnapshot;
import dev.ballast.core.model.Listener;
import dev.ballast.core.model.LoadBalancer;
import dev.ballast.core.model.LoadBalancerAttributes;
import dev.ballast.core.model.SnapshotConsumer;
import dev.ballast.core.model.TargetGroup;
import dev.ballast.core.model.TargetGroupAttributes;
import dev.ballast.core.model.UnenforcedSettings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs one warning line for each setting that is stored but not enforced ({@link UnenforcedSettings}) when a
 * configuration in force sets it: through the API, the configuration file or a reload. A setting is reported when it
 * first appears or changes, not again for every later revision.
 *
 * <p>Thread-safe: {@link #apply} runs on the publisher's single writer; it is subscribed last, so it sees only
 * snapshots every other consumer took.
 */
final class UnenforcedSettingsLog implements SnapshotConsumer {
    private static final Logger LOG = LoggerFactory.getLogger(UnenforcedSettingsLog.class);

    private final Consumer<String> log;
    private final boolean writesAccessLogs;
    private ConfigSnapshot previous = ConfigSnapshot.empty();

    /** Logs to this class's logger at WARN; {@code writesAccessLogs} when the data plane writes access logs. */
    UnenforcedSettingsLog(boolean writesAccessLogs) {
        this(line -> LOG.warn(line), writesAccessLogs);
    }

    /** Hands each line to {@code log} (tests). */
    UnenforcedSettingsLog(Consumer<String> log, boolean writesAccessLogs) {
        this.log = log;
        this.writesAccessLogs = writesAccessLogs;
    }

    @Override
    public synchronized void apply(ConfigSnapshot snapshot) {
        for (LoadBalancer lb : snapshot.loadBalancers().values()) {
            LoadBalancer before = previous.loadBalancers().get(lb.arn());
            report("load balancer " + lb.name(), UnenforcedSettings.loadBalancer(writesAccessLogs),
                    lb.attributes().values(),
                    before == null ? Map.of() : before.attributes().values(),
                    LoadBalancerAttributes.spec(lb.type()).defaults());
        }
        for (TargetGroup group : snapshot.targetGroups().values()) {
            TargetGroup before = previous.targetGroups().get(group.arn());
            report("target group " + group.name(), UnenforcedSettings.targetGroup(group.attributes()),
                    group.attributes().values(),
                    before == null ? Map.of() : before.attributes().values(),
                    TargetGroupAttributes.spec(group.protocol()).defaults());
        }
        for (Listener listener : snapshot.listeners().values()) {
            LoadBalancer lb = snapshot.loadBalancer(listener.loadBalancerArn());
            String name = "listener " + listener.protocol() + ":" + listener.port() + " of " + lb.name();
            Listener before = previous.listeners().get(listener.arn());
            report(name, UnenforcedSettings.LISTENER, listener.attributes(),
                    before == null ? Map.of() : before.attributes(),
                    AttributeSpecs.listener(listener.protocol()).defaults());
        }
        previous = snapshot;
    }

    /** Warns about the unenforced, non-default entries of {@code now} that {@code before} did not have. */
    private void report(String resource, List<UnenforcedSettings.Setting> settings, Map<String, String> now,
                        Map<String, String> before, Map<String, String> defaults) {
        for (String setting : UnenforcedSettings.attributes(settings, changed(now, before), defaults)) {
            warn(resource, setting);
        }
    }

    private void warn(String resource, String setting) {
        log.accept(resource + ": " + setting + " is stored but not enforced (see docs/api.md)");
    }

    private static Map<String, String> changed(Map<String, String> now, Map<String, String> before) {
        return now.entrySet().stream()
                .filter(e -> !Objects.equals(e.getValue(), before.get(e.getKey())))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
    }
}
