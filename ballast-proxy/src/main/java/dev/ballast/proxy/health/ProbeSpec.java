package dev.ballast.proxy.health;

import dev.ballast.core.model.HealthCheck;
import dev.ballast.core.model.Target;

/**
 * What to probe: one target of one group with the group's health check. Two specs are equal when the probe they
 * describe is the same, so a changed health check restarts the probing of the group's targets.
 *
 * @param proxyProtocol true when the group sends targets a PROXY protocol v2 header: probes then start with the
 *                      header's {@code LOCAL} form, so the target parses them as it parses traffic
 * @param address the IP literal the probe connects to (the target's id, or its instance's address), or null when the
 *                target resolves to no address: the probe then fails
 * @param egressAllowed false when no outbound rule of the security groups of the load balancers using the group
 *                      allows the probe: it is then never sent and fails with Ballast's description of that
 *
 * <p>Thread-safe (immutable).
 */
public record ProbeSpec(String targetGroupArn, Target target, HealthCheck check, boolean proxyProtocol,
                        String address, boolean egressAllowed) {
    /** A probe that the load balancers' outbound rules allow. */
    public ProbeSpec(String targetGroupArn, Target target, HealthCheck check, boolean proxyProtocol, String address) {
        this(targetGroupArn, target, check, proxyProtocol, address, true);
    }

    /** A probe of an ip target (connecting to its id) without a PROXY protocol header. */
    public ProbeSpec(String targetGroupArn, Target target, HealthCheck check) {
        this(targetGroupArn, target, check, false);
    }

    /** A probe of an ip target (connecting to its id). */
    public ProbeSpec(String targetGroupArn, Target target, HealthCheck check, boolean proxyProtocol) {
        this(targetGroupArn, target, check, proxyProtocol, target.id());
    }

    /** The port the probe connects to: the target's traffic port or the check's fixed port. */
    public int port() {
        return check.probePort(target.port());
    }

    /** {@code Host} header value: the target's address and the probed port, IPv6 in brackets. */
    public String hostHeader() {
        String host = address.indexOf(':') >= 0 ? "[" + address + "]" : address;
        return host + ":" + port();
    }

    /** Key of the probed target in its group: group ARN and {@link Target#key()}. */
    String key() {
        return targetGroupArn + "|" + target.key();
    }
}
