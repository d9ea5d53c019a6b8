package dev.ballast.proxy.accesslog;

import dev.ballast.core.model.LoadBalancer;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Where an application load balancer's access log files go, laid out as ALB lays out its S3 keys:
 * {@code <bucket>/<prefix>/AWSLogs/<account>/elasticloadbalancing/<region>/yyyy/mm/dd/
 * <account>_elasticloadbalancing_<region>_app.<name>.<id>_<end time>_<ip>_<random>.log.gz} under the access log root;
 * a network load balancer's as NLB lays out its TLS access logs: {@code ..._net.<name>.<id>_<end time>_<random>.log.gz}
 * (no node address).
 *
 * @param loadBalancerId the resource id as the {@code elb} field shows it ({@code app/my-lb/50dc6c495c0c9188})
 *
 * <p>Thread-safe (immutable).
 */
public record AccessLogDestination(String bucket, String prefix, String account, String region,
                                   String loadBalancerId) {
    private static final DateTimeFormatter END_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm'Z'")
            .withZone(ZoneOffset.UTC);

    /** The destination of {@code lb}'s access logs, or null when {@code access_logs.s3.enabled} is false. */
    public static AccessLogDestination of(LoadBalancer lb) {
        var values = lb.attributes().values();
        if (!Boolean.parseBoolean(values.getOrDefault("access_logs.s3.enabled", "false"))) {
            return null;
        }
        // arn:aws:elasticloadbalancing:<region>:<account>:loadbalancer/app/<name>/<id>
        String[] parts = lb.arn().split(":", 6);
        String resource = parts[5];
        return new AccessLogDestination(values.getOrDefault("access_logs.s3.bucket", ""),
                values.getOrDefault("access_logs.s3.prefix", ""), parts[4], parts[3],
                resource.substring(resource.indexOf('/') + 1));
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
        String node = loadBalancerId.startsWith("net/") ? "" : ip + "_";
        return account + "_elasticloadbalancing_" + region + "_" + loadBalancerId.replace('/', '.') + "_"
                + END_TIME.format(windowEnd) + "_" + node + random + ".log.gz";
    }
}
