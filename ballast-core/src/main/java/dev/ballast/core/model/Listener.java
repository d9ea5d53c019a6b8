package dev.ballast.core.model;

import dev.ballast.core.validation.Check;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A listener: a port and protocol on its load balancer's address, a default action, (HTTP/HTTPS) rules and, for
 * the protocols that terminate TLS (HTTPS, TLS, Classic SSL), its certificates and security policy.
 *
 * @param tls null unless the listener terminates TLS
 *
 * <p>Thread-safe (immutable).
 */
public record Listener(String arn, String loadBalancerArn, Protocol protocol, int port, Action defaultAction,
                       List<Rule> rules, Map<String, String> attributes, ListenerTls tls) {
    /** The most rules AWS allows on one listener, not counting the default rule. */
    public static final int MAX_RULES = 100;

    /** Validates the fields and that no two rules share a priority. */
    public Listener {
        Check.text("ListenerArn", arn);
        Check.text("LoadBalancerArn", loadBalancerArn);
        Check.present("Protocol", protocol);
        Check.port("Port", port);
        Check.present("DefaultActions", defaultAction);
        rules = Check.list("Rules", rules, 0, MAX_RULES);
        Check.that(rules.isEmpty() || protocol.isHttp(), "Rules", rules.size() + " rules",
                "no rules on a " + protocol + " listener");
        Set<Integer> priorities = new HashSet<>();
        rules.forEach(r -> Check.that(priorities.add(r.priority()), "Priority", r.priority(),
                "a priority not used by another rule of the listener"));
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
        Check.that(tls == null || protocol == Protocol.HTTPS || protocol == Protocol.TLS, "Certificates",
                protocol + " listener", "no certificates on a listener that does not terminate TLS");
    }

    /** A listener that does not terminate TLS. */
    public Listener(String arn, String loadBalancerArn, Protocol protocol, int port, Action defaultAction,
                    List<Rule> rules, Map<String, String> attributes) {
        this(arn, loadBalancerArn, protocol, port, defaultAction, rules, attributes, null);
    }

    /** {@code tcp.idle_timeout.seconds} of a network listener (default 350). */
    public int tcpIdleTimeoutSeconds() {
        return ListenerAttributes.tcpIdleTimeoutSeconds(attributes);
    }

    /** A listener with no rules and no attributes. */
    public Listener(String arn, String loadBalancerArn, Protocol protocol, int port, Action defaultAction) {
        this(arn, loadBalancerArn, protocol, port, defaultAction, List.of(), Map.of(), null);
    }
}
