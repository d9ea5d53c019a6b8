package dev.ballast.proxy.metrics;

import java.util.concurrent.atomic.LongAdder;

/**
 * CloudWatch's per-target-group metrics of one load balancer (dimensions TargetGroup and LoadBalancer): requests
 * routed to the group, target responses by status class, target response time and failed target connections.
 *
 * <p>Thread-safe and lock-free: {@link LongAdder}s incremented from every event loop, summed on scrape.
 */
public final class TargetGroupMetrics {
    private final String targetGroupArn;
    private final LongAdder requests = new LongAdder();
    /** Target responses by status class: index 2..5 for 2XX..5XX (0 and 1 unused). */
    private final LongAdder[] targetResponses = Adders.array(6);
    private final LongAdder targetConnectionErrors = new LongAdder();
    private final LatencyHistogram targetResponseTime = new LatencyHistogram();

    TargetGroupMetrics(String targetGroupArn) {
        this.targetGroupArn = targetGroupArn;
    }

    /** The group's ARN. */
    public String targetGroupArn() {
        return targetGroupArn;
    }

    /** A request was sent to a target of the group (RequestCount per target group). */
    public void requestRouted() {
        requests.increment();
    }

    /** A target of the group answered {@code status} after {@code nanos} (HTTPCode_Target_*, TargetResponseTime). */
    public void targetResponded(int status, long nanos) {
        int statusClass = status / 100;
        if (statusClass >= 2 && statusClass <= 5) {
            targetResponses[statusClass].increment();
        }
        targetResponseTime.observeNanos(nanos);
    }

    /** A connection to a target of the group could not be made (TargetConnectionErrorCount). */
    public void targetConnectionFailed() {
        targetConnectionErrors.increment();
    }

    public long requests() {
        return requests.sum();
    }

    /** Target responses of status class {@code statusClass} (2..5). */
    public long targetResponses(int statusClass) {
        return targetResponses[statusClass].sum();
    }

    public long targetConnectionErrors() {
        return targetConnectionErrors.sum();
    }

    public LatencyHistogram targetResponseTime() {
        return targetResponseTime;
    }
}
