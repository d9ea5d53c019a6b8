package dev.ballast.core.model;

import java.util.regex.Pattern;

/**
 * The rules for the {@code access_logs.s3.bucket} and {@code access_logs.s3.prefix} attributes: S3's bucket naming
 * rules, and a prefix without {@code AWSLogs} (AWS reserves it). Ballast writes the logs under its data directory with
 * these as folder names, so a bucket or prefix can never name a folder outside it ({@code ..}, a leading {@code /}).
 *
 * <p>Thread-safe (stateless).
 */
public final class AccessLogLocation {
    /** What a bucket name must look like, for error messages. */
    public static final String BUCKET_EXPECTED = "an S3 bucket name: 3-63 lowercase letters, digits, dots and "
            + "hyphens, beginning and ending with a letter or digit";
    /** What a prefix must look like, for error messages. */
    public static final String PREFIX_EXPECTED = "a prefix of at most 1024 letters, digits and !-_.*'()/, without "
            + "AWSLogs, a leading or trailing /, or an empty, . or .. part";
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9!_.*'()/-]{1,1024}");

    private AccessLogLocation() {
    }

    /** True for an empty value (logs off) or a valid S3 bucket name. */
    public static boolean validBucket(String bucket) {
        return bucket.isEmpty() || (BUCKET.matcher(bucket).matches() && !bucket.contains(".."));
    }

    /** True for an empty value or a prefix that stays below the bucket's folder. */
    public static boolean validPrefix(String prefix) {
        if (prefix.isEmpty()) {
            return true;
        }
        if (!PREFIX.matcher(prefix).matches() || prefix.contains("AWSLogs")) {
            return false;
        }
        for (String part : prefix.split("/", -1)) {
            if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                return false;
            }
        }
        return true;
    }
}
