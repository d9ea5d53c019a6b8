package dev.ballast.proxy;

import java.util.Locale;

/**
 * The load balancer attribute {@code routing.http.desync_mitigation_mode}: which {@link DesyncTier tiers} are
 * forwarded, forwarded with both connections closed afterwards, or answered with 400, as AWS documents it:
 *
 * <pre>
 *              monitor   defensive        strictest
 * Compliant    forward   forward          forward
 * Acceptable   forward   forward          400
 * Ambiguous    forward   forward + close  400
 * Severe       forward   400              400
 * </pre>
 *
 * <p>Thread-safe (immutable).
 */
enum DesyncMode {
    MONITOR,
    DEFENSIVE,
    STRICTEST;

    /** The mode for the attribute value ({@code defensive} when unset or unknown, AWS's default). */
    static DesyncMode fromAttribute(String value) {
        if (value == null) {
            return DEFENSIVE;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "monitor" -> MONITOR;
            case "strictest" -> STRICTEST;
            default -> DEFENSIVE;
        };
    }

    /** True when a request of {@code tier} is answered with 400 instead of being forwarded. */
    boolean blocks(DesyncTier tier) {
        return switch (this) {
            case MONITOR -> false;
            case DEFENSIVE -> tier == DesyncTier.SEVERE;
            case STRICTEST -> tier != DesyncTier.COMPLIANT;
        };
    }

    /** True when a forwarded request of {@code tier} closes the client and the target connection after it. */
    boolean closesAfter(DesyncTier tier) {
        return this == DEFENSIVE && tier == DesyncTier.AMBIGUOUS;
    }
}
