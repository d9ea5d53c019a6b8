package dev.ballast.server.config;

import dev.ballast.core.model.Action;
import dev.ballast.core.model.Arns;
import dev.ballast.core.model.Condition;
import dev.ballast.core.model.Listener;
import dev.ballast.core.model.LoadBalancer;
import dev.ballast.core.model.LoadBalancerAttributes;
import dev.ballast.core.model.LoadBalancerType;
import dev.ballast.core.model.Protocol;
import dev.ballast.core.model.Rule;
import dev.ballast.core.model.Scheme;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads one entry of {@code loadBalancers} with its listeners and their rules.
 *
 * <p>Not thread-safe; used by one loader call.
 */
final class LoadBalancerReader {
    /** Where an internet-facing load balancer listens unless {@code bindAddress} says otherwise. */
    static final String PUBLIC_BIND_ADDRESS = "0.0.0.0";
    /** Where an internal load balancer listens unless {@code bindAddress} says otherwise. */
    static final String INTERNAL_BIND_ADDRESS = "127.0.0.1";

    private final Arns arns;
    private final ActionReader actions;

    LoadBalancerReader(Arns arns, ActionReader actions) {
        this.arns = arns;
        this.actions = actions;
    }

    /** The load balancer in {@code node}; its listeners are added to {@code listenersOut}. */
    LoadBalancer read(ConfigNode node, List<Listener> listenersOut) {
        node.allowOnly("name", "type", "scheme", "bindAddress", "attributes", "listeners");
        String name = node.text("name");
        LoadBalancerType type = node.build(() -> LoadBalancerType.fromWire(node.text("type", "application")));
        if (type != LoadBalancerType.APPLICATION) {
            throw node.get("type").failure(type.wire(), "application");
        }
        Scheme scheme = node.build(() -> Scheme.fromWire(node.text("scheme", Scheme.INTERNET_FACING.wire())));
        String defaultBind = scheme == Scheme.INTERNAL ? INTERNAL_BIND_ADDRESS : PUBLIC_BIND_ADDRESS;
        String bindAddress = TargetAddress.requireIp(node.get("bindAddress"), node.text("bindAddress", defaultBind));
        Map<String, String> changes = node.stringMap("attributes");
        LoadBalancerAttributes attributes = node.get("attributes")
                .build(() -> LoadBalancerAttributes.defaults(type).with(type, changes));
        String arn = arns.loadBalancer(type, name);
        LoadBalancer loadBalancer = node.build(() -> new LoadBalancer(arn, name, type, scheme, null, bindAddress,
                attributes));
        for (ConfigNode listener : node.list("listeners")) {
            listenersOut.add(readListener(listener, arn));
        }
        return loadBalancer;
    }

    private Listener readListener(ConfigNode node, String loadBalancerArn) {
        node.allowOnly("protocol", "port", "defaultAction", "rules");
        Protocol protocol = node.build(() -> Protocol.fromWire("protocol", node.text("protocol", "HTTP")));
        if (protocol != Protocol.HTTP) {
            throw node.get("protocol").failure(protocol, "HTTP");
        }
        int port = node.integer("port");
        Action defaultAction = actions.read(node.get("defaultAction"));
        String arn = arns.listener(loadBalancerArn);
        List<Rule> rules = new ArrayList<>();
        for (ConfigNode rule : node.list("rules")) {
            rules.add(readRule(rule, arn));
        }
        return node.build(() -> new Listener(arn, loadBalancerArn, protocol, port, defaultAction, rules, Map.of()));
    }

    private Rule readRule(ConfigNode node, String listenerArn) {
        node.allowOnly("priority", "conditions", "action");
        int priority = node.integer("priority");
        List<Condition> conditions = new ArrayList<>();
        for (ConfigNode condition : node.list("conditions")) {
            conditions.add(ConditionReader.read(condition));
        }
        Action action = actions.read(node.get("action"));
        return node.build(() -> new Rule(arns.rule(listenerArn), priority, conditions, action));
    }
}
