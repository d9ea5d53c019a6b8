package dev.ballast.control.acm;

import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * ACM's commands: import (a new ARN, or a re-import that rotates the certificate under an existing one), request (a
 * certificate Ballast's private CA issues at once) and renew, delete (refused while a listener uses it) and tags.
 *
 * <p>Thread-safe: every command runs through the single {@link CertificateWriter}.
 */
public final class AcmCommands {
    /** The most tags ACM allows on a certificate. */
    public static final int MAX_TAGS = 50;
    /** How long a requested certificate is valid: 13 months (395 days), as ACM issues them. */
    public static final Duration REQUESTED_VALIDITY = Duration.ofDays(395);
    private static final Pattern ACM_ARN = Pattern.compile("arn:aws:acm:[a-z0-9-]+:\\d{12}:certificate/[0-9a-f-]{36}");

    private final CertificateWriter writer;
    private final String region;
    private final String accountId;
    private final Clock clock;
    private final RandomGenerator random;
    private final CertificateUsers users;
    private final PrivateCertificateAuthority authority;

    /**
     * Commands creating ARNs in {@code region} and {@code accountId}; requested certificates are issued by
     * {@code authority}.
     */
    public AcmCommands(CertificateWriter writer, String region, String accountId, Clock clock, RandomGenerator random,
                       CertificateUsers users, PrivateCertificateAuthority authority) {
        this.writer = writer;
        this.authority = authority;
        this.region = region;
        this.accountId = accountId;
        this.clock = clock;
        this.random = random;
        this.users = users;
    }

    /**
     * Imports a certificate: checked first (nothing is stored if it is refused); with {@code arn} the certificate
     * stored under that ARN is replaced and keeps its tags, which may not be given then.
     */
    public CertificateEntry importCertificate(String arn, String certificatePem, String privateKeyPem,
                                              String chainPem, Map<String, String> tags) {
        if (certificatePem == null || privateKeyPem == null) {
            throw new AwsException(AwsError.ACM_VALIDATION, (certificatePem == null ? "Certificate" : "PrivateKey")
                    + ": missing (expected: PEM text)");
        }
        ParsedCertificate parsed;
        try {
            parsed = CertificateChecks.check(certificatePem, privateKeyPem, chainPem, clock.instant());
        } catch (CertificateProblem e) {
            throw new AwsException(AwsError.ACM_VALIDATION, e.getMessage());
        }
        checkTags(tags);
        long now = clock.millis();
        return writer.write(certificates -> {
            if (arn != null) {
                CertificateEntry existing = find(certificates, arn);
                if (existing.type().equals(CertificateEntry.PRIVATE)) {
                    throw new AwsException(AwsError.ACM_VALIDATION, "CertificateArn: " + arn + " (expected: an"
                            + " imported certificate; this one was requested and is renewed with RenewCertificate)");
                }
                if (!tags.isEmpty()) {
                    throw new AwsException(AwsError.ACM_INVALID_PARAMETER,
                            "Tags: not allowed when re-importing a certificate (expected: no Tags with CertificateArn)");
                }
                CertificateEntry next = new CertificateEntry(arn, existing.source(), null, null, null, parsed,
                        existing.createdAt(), now, existing.tags());
                certificates.put(arn, next);
                return next;
            }
            String newArn = newArn();
            CertificateEntry entry = new CertificateEntry(newArn, CertificateEntry.ACM, null, null, null, parsed, now,
                    now, tags);
            certificates.put(newArn, entry);
            return entry;
        });
    }

    /**
     * RequestCertificate: checks {@code request}, then has the private CA issue the certificate at once (no domain
     * validation: the CA is Ballast's own), stored as {@code PRIVATE} and {@code ISSUED} under a new ARN.
     */
    public CertificateEntry requestCertificate(CertificateRequest request) {
        request.check();
        checkTags(request.tags());
        ParsedCertificate parsed = issue(request.names(), request.keyAlgorithm());
        long now = clock.millis();
        return writer.write(certificates -> {
            CertificateEntry entry = new CertificateEntry(newArn(), CertificateEntry.ACM, null, null, null, parsed,
                    now, now, request.tags(), CertificateEntry.PRIVATE);
            certificates.put(entry.arn(), entry);
            return entry;
        });
    }

    /**
     * RenewCertificate: the private CA issues the certificate again for the same names and key algorithm (a new key
     * and a new validity) under the same ARN, so listeners present the new one at their next handshake.
     */
    public CertificateEntry renewCertificate(String arn) {
        CertificateEntry current = describe(arn);
        if (!current.type().equals(CertificateEntry.PRIVATE)) {
            throw new AwsException(AwsError.ACM_VALIDATION, "CertificateArn: " + arn + " (expected: a private"
                    + " certificate; an imported one is renewed by importing it again)");
        }
        ParsedCertificate parsed = issue(current.certificate().subjectAlternativeNames(),
                current.certificate().keyAlgorithm());
        long now = clock.millis();
        return writer.write(certificates -> {
            CertificateEntry existing = find(certificates, arn);
            CertificateEntry next = new CertificateEntry(arn, existing.source(), null, null, null, parsed,
                    existing.createdAt(), now, existing.tags(), CertificateEntry.PRIVATE);
            certificates.put(arn, next);
            return next;
        });
    }

    /** The private CA's root certificate in PEM, which clients trust to verify requested certificates. */
    public String privateCaPem() {
        return authority.rootPem();
    }

    private ParsedCertificate issue(List<String> names, String keyAlgorithm) {
        PrivateCertificateAuthority.Issued issued = authority.issue(names, keyAlgorithm, clock.instant(),
                REQUESTED_VALIDITY);
        // the same checks as an import: what the CA made is stored only if it is a whole, valid chain
        return CertificateChecks.check(issued.certificatePem(), issued.privateKeyPem(), issued.chainPem(),
                clock.instant());
    }

    private String newArn() {
        return "arn:aws:acm:" + region + ":" + accountId + ":certificate/"
                + new UUID(random.nextLong(), random.nextLong());
    }

    /** The certificate with {@code arn}. */
    public CertificateEntry describe(String arn) {
        return find(writer.state().certificates(), arn);
    }

    /** Every ACM certificate, in import order. */
    public List<CertificateEntry> list() {
        return writer.state().certificates().values().stream()
                .filter(c -> c.source().equals(CertificateEntry.ACM)).toList();
    }

    /** The listeners using {@code arn}. */
    public List<String> inUseBy(String arn) {
        return users.usersOf(arn);
    }

    /** Deletes certificate {@code arn}; refused while a listener uses it. */
    public void delete(String arn) {
        writer.write(certificates -> {
            find(certificates, arn);
            List<String> using = users.usersOf(arn);
            if (!using.isEmpty()) {
                throw new AwsException(AwsError.ACM_RESOURCE_IN_USE, "Certificate " + arn + " in account "
                        + accountId + " is in use by " + String.join(", ", using));
            }
            certificates.remove(arn);
            return null;
        });
    }

    /** Adds or replaces tags. */
    public void addTags(String arn, Map<String, String> tags) {
        checkTags(tags);
        if (tags.isEmpty()) {
            throw new AwsException(AwsError.ACM_VALIDATION, "Tags: missing (expected: 1-50 tags)");
        }
        writer.write(certificates -> {
            CertificateEntry c = find(certificates, arn);
            Map<String, String> next = new LinkedHashMap<>(c.tags());
            next.putAll(tags);
            if (next.size() > MAX_TAGS) {
                throw new AwsException(AwsError.ACM_TOO_MANY_TAGS, "Tags: " + next.size()
                        + " (expected: at most " + MAX_TAGS + " on a certificate)");
            }
            certificates.put(arn, c.withTags(next));
            return null;
        });
    }

    /**
     * Removes tags: a key with a null value removes the tag whatever its value; with a value, only if it matches.
     */
    public void removeTags(String arn, Map<String, String> tags) {
        writer.write(certificates -> {
            CertificateEntry c = find(certificates, arn);
            Map<String, String> next = new LinkedHashMap<>(c.tags());
            tags.forEach((key, value) -> {
                if (value == null || value.equals(next.get(key))) {
                    next.remove(key);
                }
            });
            certificates.put(arn, c.withTags(next));
            return null;
        });
    }

    private CertificateEntry find(Map<String, CertificateEntry> certificates, String arn) {
        if (arn == null || !ACM_ARN.matcher(arn).matches()) {
            throw new AwsException(AwsError.ACM_INVALID_ARN, "CertificateArn: " + arn
                    + " (expected: arn:aws:acm:<region>:<account>:certificate/<id>)");
        }
        CertificateEntry c = certificates.get(arn);
        if (c == null) {
            throw new AwsException(AwsError.ACM_RESOURCE_NOT_FOUND, "Could not find certificate " + arn + ".");
        }
        return c;
    }

    private static void checkTags(Map<String, String> tags) {
        if (tags.size() > MAX_TAGS) {
            throw new AwsException(AwsError.ACM_TOO_MANY_TAGS, "Tags: " + tags.size() + " (expected: at most "
                    + MAX_TAGS + ")");
        }
        tags.forEach((key, value) -> {
            if (key.isEmpty() || key.length() > 128 || key.startsWith("aws:")) {
                throw new AwsException(AwsError.ACM_INVALID_TAG, "Tags.Key: " + key
                        + " (expected: 1-128 characters, not beginning with aws:)");
            }
            if (value != null && value.length() > 256) {
                throw new AwsException(AwsError.ACM_INVALID_TAG, "Tags.Value: " + value.length()
                        + " characters (expected: at most 256)");
            }
        });
    }
}
