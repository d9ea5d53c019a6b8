package dev.ballast.core.balancing;

import dev.ballast.core.model.Target;
import dev.ballast.core.model.TargetGroup;
import java.util.List;

/**
 * The outcome of choosing where a forwarded request goes.
 *
 * @param targetGroup the chosen target group
 * @param target the chosen target, or null when the group has no registered target (the proxy answers 503)
 * @param setCookies {@code Set-Cookie} header values to add to the response (AWSALB, AWSALBCORS, AWSALBTG,
 *     AWSALBTGCORS), possibly empty
 *
 * <p>Thread-safe (immutable).
 */
public record Selection(TargetGroup targetGroup, Target target, List<String> setCookies) {
    /** Copies the cookie list. */
    public Selection {
        setCookies = List.copyOf(setCookies);
    }
}
