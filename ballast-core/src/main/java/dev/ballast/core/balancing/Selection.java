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
 * @param appCookie for a Classic application-cookie stickiness policy, the cookie to add when the target's response
 *     sets the application's cookie; null otherwise
 *
 * <p>Thread-safe (immutable).
 */
public record Selection(TargetGroup targetGroup, Target target, List<String> setCookies, AppCookie appCookie) {
    /**
     * A stickiness cookie issued only when the response sets application cookie {@code name} (Classic's
     * AppCookieStickinessPolicyType: "the load balancer only inserts a new stickiness cookie if the application
     * response includes a new application cookie").
     */
    public record AppCookie(String name, String setCookie) {}

    /** Copies the cookie list. */
    public Selection {
        setCookies = List.copyOf(setCookies);
    }

    /** A selection without application-cookie stickiness. */
    public Selection(TargetGroup targetGroup, Target target, List<String> setCookies) {
        this(targetGroup, target, setCookies, null);
    }
}
