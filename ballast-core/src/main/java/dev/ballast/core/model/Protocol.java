package dev.ballast.core.model;

import dev.ballast.core.validation.ValidationException;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * A listener or target group protocol, with AWS's wire string.
 *
 * <p>Thread-safe (enum).
 */
public enum Protocol {
    HTTP, HTTPS, TCP, TLS, UDP, TCP_UDP, GENEVE;

    /** True for the protocols an application load balancer serves. */
    public boolean isHttp() {
        return this == HTTP || this == HTTPS;
    }

    /** True for the protocols a network load balancer serves (TCP, TLS, UDP, TCP_UDP). */
    public boolean isNetwork() {
        return this == TCP || this == TLS || this == UDP || this == TCP_UDP;
    }

    /** True if a listener or group of this protocol carries TCP connections (TCP, TLS, TCP_UDP). */
    public boolean carriesTcp() {
        return this == TCP || this == TLS || this == TCP_UDP;
    }

    /** True if a listener or group of this protocol carries UDP datagrams (UDP, TCP_UDP). */
    public boolean carriesUdp() {
        return this == UDP || this == TCP_UDP;
    }

    /** Parses AWS's wire string (case-sensitive, as AWS). */
    public static Protocol fromWire(String field, String value) {
        for (Protocol p : values()) {
            if (p.name().equals(value)) {
                return p;
            }
        }
        throw new ValidationException(field + ": " + value + " (expected: one of "
                + Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", ")) + ")");
    }
}
