package dev.ballast.proxy.accesslog;

import dev.ballast.core.model.LoadBalancer;
import dev.ballast.core.model.LoadBalancerAttributes;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Where an application load balancer's access log files go, laid out as ALB lays out its S3 keys:
 * {@code <bucket>/<prefix>/AWSLogs/<account>/elasticloadbalancing/<region>/yyyy/mm/dd/
 * <account>_elasticloadbalancing_<region>_app.<name>.<id>_<end time>_<ip>_<random>.log.gz} under the access log root;
 * a network load balancer's as NLB lays out its TLS access logs: {@code ..._net.<name>.<id>_<end time>_<random>.log.gz}
 * (no node address); a Classic Load Balancer's as Classic does: {@code ..._<name>_<end time>_<ip>_<random>.log}, not
 * compressed, one file per node and emit interval (5 or 60 minutes).
 *
 * @param loadBalancerId the resource id as the {@code elb} field shows it ({@code app/my-lb/50dc6c495c0c9188}; a
 *     Classic Load Balancer's name)
 * @param classicEmitMinutes a Classic Load Balancer's EmitInterval (5 or 60); 0 for an ELBv2 load balancer
 *
 * <p>Thread-safe (immutable).
 */
public record AccessLogDestination(String bucket, String prefix, String account, String region,
                                   String loadBalancerId, int classicEmitMinutes) {
    private static final DateTimeFormatter END_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm'Z'")
            .withZone(ZoneOffset.UTC);
    /** ALB and NLB deliver one file per node every 5 minutes. */
    private static final Duration ELBV2_WINDOW = Duration.ofMinutes(5);

    /** The destination of an ELBv2 load balancer's logs. */
    public AccessLogDestination(String bucket, String prefix, String account, String region, String loadBalancerId) {
        this(bucket, prefix, account, region, loadBalancerId, 0);
    }

    /** The destination of {@code lb}'s access logs, or null when {@code access_logs.s3.enabled} is false. */
    public static AccessLogDestination of(LoadBalancer lb) {
        var values = lb.attributes().values();
        if (!Boolean.parseBoolean(values.getOrDefault("access_logs.s3.enabled", "false"))) {
            return null;
        }
        // arn:aws:elasticloadbalancing:<region>:<account>:loadbalancer/app/<name>/<id>
        String[] parts = lb.arn().split(":", 6);
        String resource = parts[5];
        String classicEmit = values.get(LoadBalancerAttributes.CLASSIC_ACCESS_LOG_EMIT_INTERVAL);
        return new AccessLogDestination(values.getOrDefault("access_logs.s3.bucket", ""),
                values.getOrDefault("access_logs.s3.prefix", ""), parts[4], parts[3],
                classicEmit != null ? lb.name() : resource.substring(resource.indexOf('/') + 1),
                classicEmit != null ? Integer.parseInt(classicEmit) : 0);
    }

    /** True for a Classic Load Balancer: Classic's entries, file names and emit interval. */
    public boolean classic() {
        return classicEmitMinutes != 0;
    }

    /** How long one file collects entries: Classic's emit interval, else 5 minutes. */
    Duration window() {
        return classic() ? Duration.ofMinutes(classicEmitMinutes) : ELBV2_WINDOW;
    }

    /** True when files are gzip streams (ALB, NLB); Classic's are plain text. */
    boolean compressed() {
        return !classic();
    }

    /** The folder of the files delivered on {@code day} (UTC) under {@code root}. */
    Path directory(Path root, Instant day) {
        ZonedDateTime utc = day.atZone(ZoneOffset.UTC);
        Path dir = root.resolve(bucket);
        if (!prefix.isEmpty()) {
            dir = dir.resolve(prefix);
        }
        return dir.resolve("AWSLogs").resolve(account).resolve("elasticloadbalancing").resolve(region)
                .resolve(String.format("%04d", utc.getYear())).resolve(String.format("%02d", utc.getMonthValue()))
                .resolve(String.format("%02d", utc.getDayOfMonth()));
    }

    /** The file name for the window ending at {@code windowEnd}, written by the node at {@code ip}. */
    String fileName(Instant windowEnd, String ip, String random) {
        String start = account + "_elasticloadbalancing_" + region + "_";
        if (classic()) {
            return start + loadBalancerId + "_" + END_TIME.format(windowEnd) + "_" + ip + "_" + random + ".log";
        }
        String node = loadBalancerId.startsWith("net/") ? "" : ip + "_";
        return start + loadBalancerId.replace('/', '.') + "_" + END_TIME.format(windowEnd) + "_" + node + random
                + ".log.gz";
    }
}
