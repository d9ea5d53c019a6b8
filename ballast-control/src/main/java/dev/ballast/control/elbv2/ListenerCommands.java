package dev.ballast.control.elbv2;

import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;
import dev.ballast.control.error.AwsMessages;
import dev.ballast.core.model.Action;
import dev.ballast.core.model.LoadBalancerType;
import dev.ballast.core.model.Protocol;
import dev.ballast.core.validation.Check;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Commands on listeners: create (idempotent for identical settings), modify, delete (with its rules),
 * attributes and certificates.
 *
 * <p>Thread-safe: every command runs through the single {@link ElbWriter}.
 */
public final class ListenerCommands {
    private final ElbWriter writer;
    private final ElbEnvironment env;
    /** Whether a certificate ARN names a stored ACM or IAM certificate; none until the server wires them in. */
    private volatile Predicate<String> certificateExists = arn -> false;

    /** Commands through {@code writer}. */
    public ListenerCommands(ElbWriter writer, ElbEnvironment env) {
        this.writer = writer;
        this.env = env;
    }

    /** Checks certificate ARNs against {@code exists} from now on (the ACM and IAM certificates). */
    public void certificates(Predicate<String> exists) {
        this.certificateExists = exists;
    }

    /** What CreateListener or ModifyListener asks for; null fields are defaults (create) or unchanged (modify). */
    public record Settings(Protocol protocol, Integer port, Action defaultAction, String sslPolicy,
                           String defaultCertificate, List<String> alpnPolicy) {}

    /** Creates a listener on load balancer {@code lbArn}, or returns an identical existing one. */
    public ListenerEntry create(String lbArn, Settings s, List<Tags.Tag> tagList) {
        Protocol protocol = Check.present("Protocol", s.protocol());
        int port = Check.port("Port", Check.present("Port", s.port()));
        Action action = Check.present("DefaultActions", s.defaultAction());
        Tags tags = Tags.of(tagList == null ? List.of() : tagList);
        return writer.write(d -> {
            LoadBalancerEntry lb = d.loadBalancer(lbArn);
            for (ListenerEntry existing : d.listenersOf(lbArn)) {
                if (existing.port() == port) {
                    if (existing.protocol() == protocol && existing.defaultAction().equals(action)) {
                        return existing;
                    }
                    throw new AwsException(AwsError.DUPLICATE_LISTENER, "A listener already exists on port " + port
                            + " of load balancer '" + lb.model().name() + "'");
                }
            }
            boolean application = lb.model().type() == LoadBalancerType.APPLICATION;
            String limitName = application ? "listeners-per-application-load-balancer"
                    : "listeners-per-network-load-balancer";
            int limit = env.settings().limits().get(limitName);
            if (d.listenersOf(lbArn).size() >= limit) {
                throw new AwsException(AwsError.TOO_MANY_LISTENERS, "The quota of " + limitName + " (" + limit
                        + ") is reached");
            }
            String arn = env.arns().listener(lbArn);
            ListenerEntry entry = new ListenerEntry(arn, lbArn, protocol, port, action, env.arns().rule(arn),
                    null, List.of(), List.of(), AttributeSpecs.listener(protocol).defaults(), env.now(), tags);
            entry = withSettings(d, lb, entry, s);
            d.listeners.put(arn, entry);
            return entry;
        });
    }

    /** Changes port, protocol, default action, SSL policy, default certificate or ALPN policy. */
    public ListenerEntry modify(String arn, Settings s) {
        return writer.write(d -> {
            ListenerEntry l = d.listener(arn);
            LoadBalancerEntry lb = d.loadBalancer(l.loadBalancerArn());
            if (s.port() != null && s.port() != l.port()) {
                Check.port("Port", s.port());
                if (d.listenersOf(lb.arn()).stream().anyMatch(o -> o.port() == s.port())) {
                    throw new AwsException(AwsError.DUPLICATE_LISTENER, "A listener already exists on port "
                            + s.port() + " of load balancer '" + lb.model().name() + "'");
                }
            }
            ListenerEntry next = withSettings(d, lb, l, s);
            if (next.protocol() != l.protocol()) {
                if (!next.protocol().isHttp() && !d.rulesOf(arn).isEmpty()) {
                    throw new AwsException(AwsError.INCOMPATIBLE_PROTOCOLS, "Protocol: " + next.protocol()
                            + " (expected: HTTP or HTTPS while the listener has rules)");
                }
                for (RuleEntry r : d.rulesOf(arn)) {
                    ActionChecks.check(d, lb, next.protocol(), r.action());
                }
                next = next.withAttributes(AttributeSpecs.listener(next.protocol()).defaults());
            }
            d.listeners.put(arn, next);
            return next;
        });
    }

    private ListenerEntry withSettings(ElbDraft d, LoadBalancerEntry lb, ListenerEntry l, Settings s) {
        Protocol protocol = s.protocol() == null ? l.protocol() : s.protocol();
        boolean application = lb.model().type() == LoadBalancerType.APPLICATION;
        if (application != protocol.isHttp() || protocol == Protocol.GENEVE) {
            // AWS answers ValidationError (not UnsupportedProtocol) with the protocols of the load balancer's type.
            throw AwsMessages.listenerProtocolNotAllowed(protocol.name(), application ? "HTTP, HTTPS"
                    : "UDP, TCP, TLS, TCP_UDP");
        }
        Action action = s.defaultAction() == null ? l.defaultAction() : s.defaultAction();
        ActionChecks.check(d, lb, protocol, action);
        boolean secure = protocol == Protocol.HTTPS || protocol == Protocol.TLS;
        List<String> certificates = new ArrayList<>(l.certificates());
        if (s.defaultCertificate() != null) {
            checkCertificateArn(s.defaultCertificate());
            // The new default replaces the old one; a copy of it in the certificate list stays there.
            if (certificates.isEmpty()) {
                certificates.add(s.defaultCertificate());
            } else {
                certificates.set(0, s.defaultCertificate());
            }
        }
        String sslPolicy = s.sslPolicy() != null ? s.sslPolicy() : l.sslPolicy();
        if (secure) {
            if (certificates.isEmpty()) {
                throw new AwsException(AwsError.VALIDATION_ERROR, "Certificates: missing (expected: a certificate ARN"
                        + " for a " + protocol + " listener)");
            }
            sslPolicy = sslPolicy == null ? SslPolicies.DEFAULT : sslPolicy;
            if (SslPolicies.find(sslPolicy) == null) {
                throw new AwsException(AwsError.SSL_POLICY_NOT_FOUND, "SslPolicy: " + sslPolicy
                        + " (expected: a policy DescribeSSLPolicies lists)");
            }
        } else {
            sslPolicy = null;
            certificates.clear();
        }
        List<String> alpn = s.alpnPolicy() == null ? l.alpnPolicy() : s.alpnPolicy();
        alpn.forEach(a -> Check.that(List.of("HTTP1Only", "HTTP2Only", "HTTP2Optional", "HTTP2Preferred", "None")
                .contains(a), "AlpnPolicy", a, "HTTP1Only, HTTP2Only, HTTP2Optional, HTTP2Preferred or None"));
        return new ListenerEntry(l.arn(), l.loadBalancerArn(), protocol, s.port() == null ? l.port() : s.port(),
                action, l.defaultRuleArn(), sslPolicy, certificates, alpn, l.attributes(), l.createdAt(), l.tags());
    }

    private void checkCertificateArn(String arn) {
        Check.that(arn != null && arn.startsWith("arn:") && arn.length() <= 2048, "Certificates.CertificateArn", arn,
                "a certificate ARN (arn:aws:acm:... or arn:aws:iam::...:server-certificate/...)");
        if (!certificateExists.test(arn)) {
            throw new AwsException(AwsError.CERTIFICATE_NOT_FOUND, "Certificate '" + arn + "' not found");
        }
    }

    /** Deletes a listener and its rules. */
    public void delete(String arn) {
        writer.write(d -> {
            d.listener(arn);
            d.rulesOf(arn).forEach(r -> d.rules.remove(r.arn()));
            d.listeners.remove(arn);
            return null;
        });
    }

    /** Applies attribute changes (all validated first) and returns every attribute. */
    public Map<String, String> modifyAttributes(String arn, Map<String, String> changes) {
        return writer.write(d -> {
            ListenerEntry l = d.listener(arn);
            Map<String, String> attributes = AttributeSpecs.listener(l.protocol()).apply(l.attributes(), changes);
            d.listeners.put(arn, l.withAttributes(attributes));
            return attributes;
        });
    }

    /**
     * Adds certificates to the listener's certificate list (not as its default). The default certificate may be
     * added too: DescribeListenerCertificates then lists it twice, as AWS does.
     */
    public List<String> addCertificates(String arn, List<String> certificates) {
        Check.list("Certificates", certificates, 1, 25);
        certificates.forEach(this::checkCertificateArn);
        return writer.write(d -> {
            ListenerEntry l = d.listener(arn);
            List<String> next = new ArrayList<>(l.certificates());
            List<String> added = List.copyOf(next.subList(Math.min(1, next.size()), next.size()));
            certificates.stream().filter(c -> !added.contains(c)).distinct().forEach(next::add);
            LoadBalancerType type = d.loadBalancer(l.loadBalancerArn()).model().type();
            String limitName = type == LoadBalancerType.APPLICATION ? "certificates-per-application-load-balancer"
                    : "certificates-per-network-load-balancer";
            int limit = env.settings().limits().get(limitName);
            if (next.size() > limit) {
                throw new AwsException(AwsError.TOO_MANY_CERTIFICATES, "Certificates: " + next.size()
                        + " (expected: at most " + limit + ")");
            }
            d.listeners.put(arn, l.withCertificates(next));
            return certificates;
        });
    }

    /** Removes non-default certificates from the listener. */
    public void removeCertificates(String arn, List<String> certificates) {
        Check.list("Certificates", certificates, 1, 25);
        writer.write(d -> {
            ListenerEntry l = d.listener(arn);
            List<String> next = new ArrayList<>(l.certificates());
            for (String c : certificates) {
                int listed = next.lastIndexOf(c);
                if (listed == 0) {
                    throw new AwsException(AwsError.OPERATION_NOT_PERMITTED, "Certificate '" + c
                            + "' is the listener's default certificate and cannot be removed");
                }
                if (listed > 0) {
                    next.remove(listed); // the copy in the list; the default stays
                }
            }
            d.listeners.put(arn, l.withCertificates(next));
            return null;
        });
    }
}
