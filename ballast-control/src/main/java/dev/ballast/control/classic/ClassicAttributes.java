package dev.ballast.control.classic;

import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;
import java.util.List;

/**
 * The attributes of a Classic Load Balancer that Ballast keeps: cross-zone load balancing (shown; one node has one
 * zone), connection draining (deregistered instances keep their connections for the timeout, then they are closed),
 * the idle timeout of connections, the access log settings (Classic's access log files are written, see the data
 * plane's access log writer) and the one additional attribute AWS documents, {@code elb.http.desyncmitigationmode},
 * which the HTTP proxy applies.
 *
 * @param accessLogBucket {@code AccessLog.S3BucketName}, null when not set
 * @param accessLogEmitInterval {@code AccessLog.EmitInterval}, 5 or 60 minutes
 * @param accessLogPrefix {@code AccessLog.S3BucketPrefix}, null when not set
 * @param desyncMitigationMode {@code monitor}, {@code defensive} or {@code strictest}
 *
 * <p>Thread-safe (immutable).
 */
public record ClassicAttributes(boolean crossZone, boolean drainingEnabled, int drainingTimeout, int idleTimeout,
                                boolean accessLogEnabled, String accessLogBucket, int accessLogEmitInterval,
                                String accessLogPrefix, String desyncMitigationMode) {
    /** The additional attribute's key, as AWS spells it. */
    public static final String DESYNC_MITIGATION_MODE = "elb.http.desyncmitigationmode";
    private static final List<String> DESYNC_MODES = List.of("monitor", "defensive", "strictest");

    /** A load balancer created through the API: cross-zone off, draining off (timeout 300 s), idle timeout 60 s. */
    public static final ClassicAttributes DEFAULTS = new ClassicAttributes(false, false, 300, 60, false);

    /**
     * Checks the ranges: draining timeout 1-3600 s, idle timeout 1-4000 s, emit interval 5 or 60, a desync mode AWS
     * has, a bucket when access logs are enabled. Values a load balancer stored before these fields take defaults.
     */
    public ClassicAttributes {
        if (drainingTimeout < 1 || drainingTimeout > 3600) {
            throw new AwsException(AwsError.VALIDATION_ERROR, "ConnectionDraining.Timeout: " + drainingTimeout
                    + " (expected: 1-3600)");
        }
        if (idleTimeout < 1 || idleTimeout > 4000) {
            throw new AwsException(AwsError.VALIDATION_ERROR, "ConnectionSettings.IdleTimeout: " + idleTimeout
                    + " (expected: 1-4000)");
        }
        accessLogEmitInterval = accessLogEmitInterval == 0 ? 60 : accessLogEmitInterval;
        if (accessLogEmitInterval != 5 && accessLogEmitInterval != 60) {
            throw new AwsException(AwsError.VALIDATION_ERROR, "AccessLog.EmitInterval: " + accessLogEmitInterval
                    + " (expected: 5 or 60)");
        }
        desyncMitigationMode = desyncMitigationMode == null ? "defensive" : desyncMitigationMode;
        if (!DESYNC_MODES.contains(desyncMitigationMode)) {
            throw new AwsException(AwsError.CLASSIC_INVALID_CONFIGURATION_REQUEST, DESYNC_MITIGATION_MODE + ": "
                    + desyncMitigationMode + " (expected: monitor, defensive or strictest)");
        }
        if (accessLogEnabled && (accessLogBucket == null || accessLogBucket.isEmpty())) {
            throw new AwsException(AwsError.CLASSIC_INVALID_CONFIGURATION_REQUEST, "AccessLog.S3BucketName: missing"
                    + " (expected: a bucket name when AccessLog.Enabled is true)");
        }
    }

    /** Attributes with the access log settings and desync mode at their defaults. */
    public ClassicAttributes(boolean crossZone, boolean drainingEnabled, int drainingTimeout, int idleTimeout,
                             boolean accessLogEnabled) {
        this(crossZone, drainingEnabled, drainingTimeout, idleTimeout, accessLogEnabled, null, 60, null, null);
    }

    /** The deregistration delay this gives the data plane: the draining timeout when draining is on, else 0. */
    public int deregistrationDelaySeconds() {
        return drainingEnabled ? drainingTimeout : 0;
    }
}
