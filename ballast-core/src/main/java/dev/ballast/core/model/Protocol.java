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
