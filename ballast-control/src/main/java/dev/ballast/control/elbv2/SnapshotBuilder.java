package dev.ballast.control.elbv2;

import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;
import dev.ballast.core.model.ConfigSnapshot;
import dev.ballast.core.model.Listener;
import dev.ballast.core.model.ListenerTls;
import dev.ballast.core.model.Rule;
import dev.ballast.core.model.TargetAddresses;
import dev.ballast.core.security.SecurityGroups;
import dev.ballast.core.validation.ValidationException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Builds the data plane's {@link ConfigSnapshot} from an {@link ElbState}: API-only fields are dropped, rules are
 * attached to their listeners in priority order; instance targets resolve to the instances of the settings.
 *
 * <p>Thread-safe (stateless).
 */
public final class SnapshotBuilder {
    private final TargetAddresses targetAddresses;

    /** A builder whose snapshots resolve instance targets through {@code targetAddresses}. */
    public SnapshotBuilder(TargetAddresses targetAddresses) {
        this.targetAddresses = targetAddresses;
    }

    /**
     * The snapshot of {@code state}.
     *
     * @throws AwsException InvalidConfigurationRequest when the state cannot be served (e.g. two listeners on one
     *     address and port)
     */
    public ConfigSnapshot build(ElbState state) {
        Map<String, List<Rule>> rulesByListener = state.rules().values().stream()
                .sorted(Comparator.comparingInt(RuleEntry::priority))
                .collect(Collectors.groupingBy(RuleEntry::listenerArn, Collectors.mapping(RuleEntry::model,
                        Collectors.toList())));
        try {
            List<Listener> listeners = state.listeners().values().stream()
                    .map(l -> new Listener(l.arn(), l.loadBalancerArn(), l.protocol(), l.port(), l.defaultAction(),
                            rulesByListener.getOrDefault(l.arn(), List.of()), l.attributes(), tls(l)))
                    .toList();
            return new ConfigSnapshot(state.revision(),
                    state.loadBalancers().values().stream().map(LoadBalancerEntry::model).toList(), listeners,
                    state.targetGroups().values().stream().map(TargetGroupEntry::model).toList(),
                    targetAddresses, List.of(), securityGroups(state));
        } catch (ValidationException e) {
            throw new AwsException(AwsError.INVALID_CONFIGURATION_REQUEST, e.getMessage());
        }
    }

    /** What a listener that terminates TLS presents and accepts: its certificates and its policy's versions and ciphers. */
    static ListenerTls tls(ListenerEntry l) {
        if (l.sslPolicy() == null || l.certificates().isEmpty()) {
            return null;
        }
        SslPolicies.Policy policy = SslPolicies.find(l.sslPolicy());
        return new ListenerTls(l.certificates(), policy.name(), policy.protocols(), policy.ciphers(), l.alpnPolicy());
    }

    /** The security groups of each load balancer (their rules come from EC2's part of the configuration). */
    private static SecurityGroups securityGroups(ElbState state) {
        Map<String, List<String>> byLoadBalancer = new java.util.LinkedHashMap<>();
        state.loadBalancers().forEach((arn, lb) -> byLoadBalancer.put(arn, lb.securityGroups()));
        return new SecurityGroups(byLoadBalancer, Map.of());
    }
}
