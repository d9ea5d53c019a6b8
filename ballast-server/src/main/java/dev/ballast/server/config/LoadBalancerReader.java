package dev.ballast.server.config;

import dev.ballast.core.model.Action;
import dev.ballast.core.model.Condition;
import dev.ballast.core.model.Listener;
import dev.ballast.core.model.LoadBalancer;
import dev.ballast.core.model.LoadBalancerAttributes;
import dev.ballast.core.model.ListenerAttributes;
import dev.ballast.core.model.LoadBalancerType;
import dev.ballast.core.model.NetworkListenerChecks;
import dev.ballast.core.model.Protocol;
import dev.ballast.core.model.Rule;
import dev.ballast.core.model.Scheme;
import dev.ballast.core.model.TargetGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads one entry of {@code loadBalancers} with its listeners: an application load balancer's HTTP listeners and
 * their rules, or a network load balancer's TCP, UDP and TCP_UDP listeners, which only forward.
 *
 * <p>Not thread-safe; used by one loader call.
 */
final class LoadBalancerReader {
    /** Where an internet-facing load balancer listens unless {@code bindAddress} says otherwise. */
    static final String PUBLIC_BIND_ADDRESS = "0.0.0.0";
    /** Where an internal load balancer listens unless {@code bindAddress} says otherwise. */
    static final String INTERNAL_BIND_ADDRESS = "127.0.0.1";

    private final NamedArns arns;
    private final ActionReader actions;
    private final Function<String, TargetGroup> groupsByArn;

    LoadBalancerReader(NamedArns arns, ActionReader actions, Function<String, TargetGroup> groupsByArn) {
        this.arns = arns;
        this.actions = actions;
        this.groupsByArn = groupsByArn;
    }

    /** The load balancer in {@code node}; its listeners are added to {@code listenersOut}. */
    LoadBalancer read(ConfigNode node, List<Listener> listenersOut) {
        node.allowOnly("name", "type", "scheme", "bindAddress", "attributes", "listeners");
        String name = node.text("name");
        LoadBalancerType type = node.build(() -> LoadBalancerType.fromWire(node.text("type", "application")));
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
            listenersOut.add(type == LoadBalancerType.NETWORK ? readNetworkListener(listener, loadBalancer)
                    : readListener(listener, loadBalancer));
        }
        return loadBalancer;
    }

    /** A TCP, UDP or TCP_UDP listener: a port, a forward default action and listener attributes; no rules. */
    private Listener readNetworkListener(ConfigNode node, LoadBalancer loadBalancer) {
        node.allowOnly("protocol", "port", "defaultAction", "attributes");
        Protocol protocol = node.build(() -> Protocol.fromWire("protocol", node.text("protocol", "TCP")));
        if (protocol != Protocol.TCP && protocol != Protocol.UDP && protocol != Protocol.TCP_UDP) {
            throw node.get("protocol").failure(protocol, "TCP, UDP or TCP_UDP");
        }
        int port = node.integer("port");
        String arn = arns.listener(loadBalancer.arn(), port);
        ConfigNode actionNode = node.get("defaultAction");
        if (!actionNode.has("forward")) {
            throw actionNode.failure(actionNode.isScalar() ? actionNode.text() : "not a forward action",
                    "forward: a target group (a network load balancer's listener only forwards)");
        }
        Action defaultAction = actions.read(actionNode);
        Map<String, String> changes = node.stringMap("attributes");
        Map<String, String> attributes = node.get("attributes")
                .build(() -> ListenerAttributes.NETWORK.apply(ListenerAttributes.networkDefaults(), changes));
        Listener listener = node.build(() -> new Listener(arn, loadBalancer.arn(), protocol, port, defaultAction,
                List.of(), attributes));
        return checked(node, loadBalancer, listener);
    }

    /** {@code listener} after AWS's listener-to-group rules, failures reported at {@code node}. */
    private Listener checked(ConfigNode node, LoadBalancer loadBalancer, Listener listener) {
        return node.build(() -> {
            NetworkListenerChecks.check(loadBalancer, listener, groupsByArn);
            return listener;
        });
    }

    private Listener readListener(ConfigNode node, LoadBalancer loadBalancer) {
        String loadBalancerArn = loadBalancer.arn();
        node.allowOnly("protocol", "port", "defaultAction", "rules");
        Protocol protocol = node.build(() -> Protocol.fromWire("protocol", node.text("protocol", "HTTP")));
        if (protocol != Protocol.HTTP) {
            throw node.get("protocol").failure(protocol, "HTTP");
        }
        int port = node.integer("port");
        Action defaultAction = actions.read(node.get("defaultAction"));
        String arn = arns.listener(loadBalancerArn, port);
        List<Rule> rules = new ArrayList<>();
        for (ConfigNode rule : node.list("rules")) {
            rules.add(readRule(rule, arn));
        }
        return checked(node, loadBalancer, node.build(() -> new Listener(arn, loadBalancerArn, protocol, port,
                defaultAction, rules, Map.of())));
    }

    private Rule readRule(ConfigNode node, String listenerArn) {
        node.allowOnly("priority", "conditions", "action");
        int priority = node.integer("priority");
        List<Condition> conditions = new ArrayList<>();
        for (ConfigNode condition : node.list("conditions")) {
            conditions.add(ConditionReader.read(condition));
        }
        Action action = actions.read(node.get("action"));
        return node.build(() -> new Rule(arns.rule(listenerArn, priority), priority, conditions, action));
    }
}
