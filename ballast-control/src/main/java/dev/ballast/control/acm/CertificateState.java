package dev.ballast.control.acm;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One committed revision of the certificates (ACM and IAM), by ARN in import order.
 *
 * <p>Thread-safe (immutable).
 */
public record CertificateState(long revision, Map<String, CertificateEntry> certificates) {
    /** Copies the map, keeping its order. */
    public CertificateState {
        certificates = Collections.unmodifiableMap(new LinkedHashMap<>(certificates));
    }
}
