package dev.ballast.api.auth;

import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;
import java.util.regex.Pattern;

/**
 * The {@code date/region/service/aws4_request} part of a SigV4 credential, checked against the request it signs:
 * the service must be the one this endpoint serves, the region well formed and the date the day of
 * {@code X-Amz-Date}. AWS answers these mistakes with {@code SignatureDoesNotMatch} and the texts used here.
 *
 * <p>Thread-safe (immutable).
 *
 * @param date {@code yyyyMMdd}
 * @param region e.g. {@code us-east-1}
 * @param service e.g. {@code elasticloadbalancing}
 */
record CredentialScope(String date, String region, String service) {
    /** Region names as AWS spells them ({@code us-east-1}, {@code us-gov-west-1}, {@code aws-global}). */
    private static final Pattern REGION = Pattern.compile("[a-z]{2,}(-[a-z]+)+-\\d+|aws-global");

    /** Splits {@code accessKey/date/region/service/aws4_request}; the access key is element 0 of the result. */
    static String[] split(String credential) {
        String[] parts = credential.split("/", -1);
        if (parts.length != 5 || !parts[4].equals("aws4_request") || parts[0].isEmpty()) {
            throw new AwsException(AwsError.INCOMPLETE_SIGNATURE, "Credential: " + credential
                    + " (expected: <access key>/<yyyyMMdd>/<region>/<service>/aws4_request)");
        }
        return parts;
    }

    /** Fails unless this scope names {@code service}, a valid region and the day of {@code amzDate}. */
    void check(String expectedService, String amzDate) {
        if (!service.equals(expectedService)) {
            throw new AwsException(AwsError.SIGNATURE_DOES_NOT_MATCH,
                    "Credential should be scoped to correct service: '" + expectedService + "'. ");
        }
        if (!REGION.matcher(region).matches()) {
            throw new AwsException(AwsError.SIGNATURE_DOES_NOT_MATCH,
                    "Credential should be scoped to a valid region. ");
        }
        String day = amzDate.substring(0, 8);
        if (!date.equals(day)) {
            throw new AwsException(AwsError.SIGNATURE_DOES_NOT_MATCH, "Date in Credential scope does not match "
                    + "YYYYMMDD from ISO-8601 version of date from HTTP: '" + date + "' != '" + day + "', from '"
                    + amzDate + "'.");
        }
    }

    /** {@code date/region/service/aws4_request}. */
    @Override
    public String toString() {
        return date + "/" + region + "/" + service + "/aws4_request";
    }
}
