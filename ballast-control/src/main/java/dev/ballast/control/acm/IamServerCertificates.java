package dev.ballast.control.acm;

import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * IAM's server certificate commands (UploadServerCertificate, Get/List/DeleteServerCertificate), the certificates
 * Classic load balancers name, stored beside ACM's with IAM's ARNs
 * ({@code arn:aws:iam::<account>:server-certificate<path><name>}).
 *
 * <p>Thread-safe: every command runs through the single {@link CertificateWriter}.
 */
public final class IamServerCertificates {
    private static final String ID_CHARACTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    private final CertificateWriter writer;
    private final String accountId;
    private final Clock clock;
    private final RandomGenerator random;
    private final CertificateUsers users;

    /** Commands creating ARNs in {@code accountId}. */
    public IamServerCertificates(CertificateWriter writer, String accountId, Clock clock, RandomGenerator random,
                                 CertificateUsers users) {
        this.writer = writer;
        this.accountId = accountId;
        this.clock = clock;
        this.random = random;
        this.users = users;
    }

    /** Uploads certificate {@code name} under {@code path} ({@code /} when null); checked before anything is stored. */
    public CertificateEntry upload(String name, String path, String body, String privateKey, String chain,
                                   Map<String, String> tags) {
        checkName(name);
        String p = path == null ? "/" : path;
        if (!p.matches("/([\\x21-\\x7e]*/)?") || p.length() > 512) {
            throw new AwsException(AwsError.VALIDATION_ERROR, "Path: " + p
                    + " (expected: / or a path that begins and ends with /)");
        }
        if (body == null || privateKey == null) {
            throw new AwsException(AwsError.VALIDATION_ERROR, (body == null ? "CertificateBody" : "PrivateKey")
                    + ": missing (expected: PEM text)");
        }
        ParsedCertificate parsed;
        try {
            parsed = CertificateChecks.check(body, privateKey, chain, clock.instant());
        } catch (CertificateProblem e) {
            AwsError error = e.kind() == CertificateProblem.Kind.KEY_MISMATCH ? AwsError.IAM_KEY_PAIR_MISMATCH
                    : AwsError.IAM_MALFORMED_CERTIFICATE;
            throw new AwsException(error, e.getMessage());
        }
        long now = clock.millis();
        return writer.write(certificates -> {
            if (certificates.values().stream().anyMatch(c -> name.equals(c.name()))) {
                throw new AwsException(AwsError.IAM_ENTITY_ALREADY_EXISTS,
                        "The Server Certificate with name " + name + " already exists.");
            }
            String arn = "arn:aws:iam::" + accountId + ":server-certificate" + p + name;
            CertificateEntry entry = new CertificateEntry(arn, CertificateEntry.IAM, name, p, newId(), parsed, now,
                    now, tags);
            certificates.put(arn, entry);
            return entry;
        });
    }

    /** The server certificate called {@code name}. */
    public CertificateEntry get(String name) {
        checkName(name);
        return writer.state().certificates().values().stream().filter(c -> name.equals(c.name())).findFirst()
                .orElseThrow(() -> new AwsException(AwsError.IAM_NO_SUCH_ENTITY,
                        "The Server Certificate with name " + name + " cannot be found."));
    }

    /** The server certificates whose path starts with {@code pathPrefix} ({@code /} when null). */
    public List<CertificateEntry> list(String pathPrefix) {
        String prefix = pathPrefix == null ? "/" : pathPrefix;
        return writer.state().certificates().values().stream()
                .filter(c -> c.source().equals(CertificateEntry.IAM) && c.path().startsWith(prefix)).toList();
    }

    /** Deletes server certificate {@code name}; refused while a load balancer uses it. */
    public void delete(String name) {
        String arn = get(name).arn();
        writer.write(certificates -> {
            List<String> using = users.usersOf(arn);
            if (!using.isEmpty()) {
                throw new AwsException(AwsError.IAM_DELETE_CONFLICT, "Certificate: " + name
                        + " is currently in use by " + String.join(", ", using) + ". Disassociate the certificate"
                        + " from the load balancer first.");
            }
            certificates.remove(arn);
            return null;
        });
    }

    private String newId() {
        StringBuilder id = new StringBuilder("ASCA");
        for (int i = 0; i < 17; i++) {
            id.append(ID_CHARACTERS.charAt(random.nextInt(ID_CHARACTERS.length())));
        }
        return id.toString();
    }

    private static void checkName(String name) {
        if (name == null || !name.matches("[\\w+=,.@-]{1,128}")) {
            throw new AwsException(AwsError.VALIDATION_ERROR, "ServerCertificateName: " + name
                    + " (expected: 1-128 letters, digits and +=,.@_-)");
        }
    }
}
