package dev.ballast.server.metrics;

/**
 * CloudWatch's dimension values as Prometheus label values: {@code LoadBalancer} is the part of the load balancer's
 * ARN after {@code loadbalancer/} ({@code app/name/id}, {@code net/name/id}); {@code TargetGroup} the part after the
 * last colon ({@code targetgroup/name/id}).
 *
 * <p>Thread-safe (stateless).
 */
final class CloudWatchNames {
    private CloudWatchNames() {
    }

    /** {@code app/my-lb/50dc6c495c0c9188} for {@code arn:…:loadbalancer/app/my-lb/50dc6c495c0c9188}. */
    static String loadBalancer(String arn) {
        int at = arn.indexOf(":loadbalancer/");
        return at < 0 ? arn : arn.substring(at + ":loadbalancer/".length());
    }

    /** {@code targetgroup/my-tg/73e2d6bc24d8a067} for {@code arn:…:targetgroup/my-tg/73e2d6bc24d8a067}. */
    static String targetGroup(String arn) {
        return arn.substring(arn.lastIndexOf(':') + 1);
    }
}
