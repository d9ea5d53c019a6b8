package dev.ballast.api.auth;

import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * The time during which a signature is honoured: AWS accepts a request signed at most 15 minutes before or after
 * its own clock ({@code RequestTimeTooSkewed} otherwise), and a presigned URL until {@code X-Amz-Expires} seconds
 * after its {@code X-Amz-Date} ({@code RequestExpired}). A captured request therefore cannot be replayed later
 * than that.
 *
 * <p>Thread-safe (immutable; the clock is read once per check).
 */
final class SigningWindow {
    /** AWS's allowed clock skew. */
    static final Duration MAX_SKEW = Duration.ofMinutes(15);

    private final Clock clock;

    SigningWindow(Clock clock) {
        this.clock = clock;
    }

    /** Fails unless {@code claim} was signed recently enough, and for a presigned URL has not expired. */
    void check(SignatureClaim claim) {
        Instant now = clock.instant();
        if (claim.signedAt().isAfter(now.plus(MAX_SKEW))) {
            throw new AwsException(AwsError.REQUEST_TIME_TOO_SKEWED, "Signature not yet current: "
                    + claim.amzDate() + " is still later than " + format(now.plus(MAX_SKEW)) + " (" + format(now)
                    + " + 15 min.)");
        }
        if (claim.presigned()) {
            Instant expiry = claim.signedAt().plus(claim.expires());
            if (now.isAfter(expiry)) {
                throw new AwsException(AwsError.REQUEST_EXPIRED, "Request has expired: X-Amz-Date "
                        + claim.amzDate() + " + X-Amz-Expires " + claim.expires().toSeconds() + " s = "
                        + format(expiry) + " is earlier than " + format(now) + ".");
            }
        } else if (claim.signedAt().isBefore(now.minus(MAX_SKEW))) {
            throw new AwsException(AwsError.REQUEST_TIME_TOO_SKEWED, "Signature expired: " + claim.amzDate()
                    + " is now earlier than " + format(now.minus(MAX_SKEW)) + " (" + format(now) + " - 15 min.)");
        }
    }

    private static String format(Instant instant) {
        return SignatureClaims.AMZ_DATE.format(instant.atOffset(ZoneOffset.UTC));
    }
}
