package dev.ballast.control.classic;

import dev.ballast.control.elbv2.SslPolicies;
import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Classic policy types DescribeLoadBalancerPolicyTypes lists, with AWS's descriptions and attribute types, and the
 * check of a new policy's attributes against its type.
 *
 * <p>Thread-safe (constants).
 */
public final class ClassicPolicyTypes {
    /** AWS's type names. */
    public static final String APP_COOKIE = "AppCookieStickinessPolicyType";
    public static final String LB_COOKIE = "LBCookieStickinessPolicyType";
    public static final String PROXY_PROTOCOL = "ProxyProtocolPolicyType";
    public static final String SSL_NEGOTIATION = "SSLNegotiationPolicyType";
    public static final String PUBLIC_KEY = "PublicKeyPolicyType";
    public static final String BACKEND_AUTHENTICATION = "BackendServerAuthenticationPolicyType";
    /** The attribute of an SSLNegotiationPolicyType policy that names a predefined security policy. */
    public static final String REFERENCE_SECURITY_POLICY = "Reference-Security-Policy";

    /** One attribute a policy type accepts. */
    public record AttributeType(String name, String type, String cardinality, String defaultValue,
                                String description) {}

    /** One policy type. */
    public record PolicyType(String name, String description, List<AttributeType> attributes) {
        /** The attribute type called {@code attribute}, or null. */
        public AttributeType attribute(String attribute) {
            return attributes.stream().filter(a -> a.name().equals(attribute)).findFirst().orElse(null);
        }
    }

    /** Every policy type, in AWS's order. */
    public static final List<PolicyType> ALL = List.of(
            new PolicyType(PROXY_PROTOCOL, "Policy that controls whether to include the IP address and port of the"
                    + " originating request for TCP messages. This policy operates on TCP/SSL listeners only",
                    List.of(new AttributeType("ProxyProtocol", "Boolean", "ONE", null, null))),
            new PolicyType(PUBLIC_KEY, "Policy containing a list of public keys to accept when authenticating the"
                    + " back-end server(s). This policy cannot be applied directly to back-end servers or listeners"
                    + " but must be part of a BackendServerAuthenticationPolicyType.",
                    List.of(new AttributeType("PublicKey", "String", "ONE", null, null))),
            new PolicyType(BACKEND_AUTHENTICATION, "Policy that controls authentication to back-end server(s) and"
                    + " contains one or more policies, such as an instance of a PublicKeyPolicyType. This policy can"
                    + " be associated only with back-end servers that are using HTTPS/SSL.",
                    List.of(new AttributeType("PublicKeyPolicyName", "PolicyName", "ONE_OR_MORE", null, null))),
            new PolicyType(SSL_NEGOTIATION, "Listener policy that defines the ciphers and protocols that will be"
                    + " accepted by the load balancer. This policy can be associated only with HTTPS/SSL listeners.",
                    sslAttributes()),
            new PolicyType(APP_COOKIE, "Stickiness policy with session lifetimes controlled by the lifetime of the"
                    + " application-generated cookie. This policy can be associated only with HTTP/HTTPS listeners.",
                    List.of(new AttributeType("CookieName", "String", "ONE", null, null))),
            new PolicyType(LB_COOKIE, "Stickiness policy with session lifetimes controlled by the browser"
                    + " (user-agent) or a specified expiration period. This policy can be associated only with"
                    + " HTTP/HTTPS listeners.",
                    List.of(new AttributeType("CookieExpirationPeriod", "Long", "ZERO_OR_ONE", null, null))));

    private ClassicPolicyTypes() {}

    /** The type called {@code name}, or null. */
    public static PolicyType find(String name) {
        return ALL.stream().filter(t -> t.name().equals(name)).findFirst().orElse(null);
    }

    /** The type called {@code name}, or PolicyTypeNotFound. */
    public static PolicyType require(String name) {
        PolicyType type = find(name);
        if (type == null) {
            throw new AwsException(AwsError.POLICY_TYPE_NOT_FOUND, "PolicyTypeName: " + name + " (expected: one of "
                    + String.join(", ", ALL.stream().map(PolicyType::name).toList()) + ")");
        }
        return type;
    }

    /**
     * Checks {@code attributes} against {@code type}: every name known, each at most once unless ONE_OR_MORE, those
     * of cardinality ONE present, Booleans true or false, Longs 0 or more, a referenced security policy predefined.
     *
     * @throws AwsException InvalidConfigurationRequest naming the attribute and what was expected
     */
    public static void check(PolicyType type, List<ClassicPolicy.Attribute> attributes) {
        Set<String> seen = new HashSet<>();
        for (ClassicPolicy.Attribute a : attributes) {
            AttributeType t = type.attribute(a.name());
            if (t == null) {
                throw invalid("PolicyAttributes: " + a.name() + " (expected: an attribute of " + type.name() + ")");
            }
            if (!seen.add(a.name()) && !t.cardinality().equals("ONE_OR_MORE")) {
                throw invalid("PolicyAttributes: " + a.name() + " given twice (expected: at most once)");
            }
            String v = a.value() == null ? "" : a.value();
            switch (t.type()) {
                case "Boolean" -> {
                    if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
                        throw invalid(a.name() + ": " + v + " (expected: true or false)");
                    }
                }
                case "Long" -> {
                    if (!v.matches("\\d{1,10}") || Long.parseLong(v) > Integer.MAX_VALUE) {
                        throw invalid(a.name() + ": " + v + " (expected: 0-" + Integer.MAX_VALUE + " seconds)");
                    }
                }
                default -> {
                    if (v.isEmpty()) {
                        throw invalid(a.name() + ": empty (expected: a value)");
                    }
                }
            }
            if (t.name().equals(REFERENCE_SECURITY_POLICY) && ClassicSamplePolicies.find(v) == null) {
                throw invalid(REFERENCE_SECURITY_POLICY + ": " + v + " (expected: a predefined ELBSecurityPolicy-*"
                        + " policy)");
            }
        }
        for (AttributeType t : type.attributes()) {
            if ((t.cardinality().equals("ONE") || t.cardinality().equals("ONE_OR_MORE")) && !seen.contains(t.name())) {
                throw invalid("PolicyAttributes: " + t.name() + " missing (expected: one for " + type.name() + ")");
            }
        }
    }

    /** The protocols and OpenSSL cipher names Ballast's TLS can offer, as SSLNegotiationPolicyType attributes. */
    private static List<AttributeType> sslAttributes() {
        List<AttributeType> out = new ArrayList<>();
        out.add(new AttributeType(REFERENCE_SECURITY_POLICY, "String", "ZERO_OR_ONE", null, null));
        for (String p : List.of("Protocol-TLSv1", "Protocol-TLSv1.1", "Protocol-TLSv1.2")) {
            out.add(new AttributeType(p, "Boolean", "ZERO_OR_ONE", null, null));
        }
        out.add(new AttributeType("Server-Defined-Cipher-Order", "Boolean", "ZERO_OR_ONE", null, null));
        for (String c : SslPolicies.find(ClassicSnapshot.DEFAULT_POLICY).ciphers()) {
            out.add(new AttributeType(c, "Boolean", "ZERO_OR_ONE", null, null));
        }
        return List.copyOf(out);
    }

    /** The protocols ({@code TLSv1.2}) and ciphers an SSLNegotiationPolicyType policy enables, in attribute order. */
    public static Map<String, List<String>> protocolsAndCiphers(ClassicPolicy policy) {
        List<String> protocols = new ArrayList<>();
        List<String> ciphers = new ArrayList<>();
        for (ClassicPolicy.Attribute a : policy.attributes()) {
            if (!a.value().equalsIgnoreCase("true")) {
                continue;
            }
            if (a.name().startsWith("Protocol-")) {
                protocols.add(a.name().substring("Protocol-".length()));
            } else if (!a.name().equals("Server-Defined-Cipher-Order")) {
                ciphers.add(a.name());
            }
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        out.put("protocols", protocols);
        out.put("ciphers", ciphers);
        return out;
    }

    private static AwsException invalid(String message) {
        return new AwsException(AwsError.CLASSIC_INVALID_CONFIGURATION_REQUEST, message);
    }
}
