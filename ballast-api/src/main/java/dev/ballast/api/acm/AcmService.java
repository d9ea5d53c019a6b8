package dev.ballast.api.acm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ballast.api.paging.OffsetToken;
import dev.ballast.api.query.ApiResponse;
import dev.ballast.control.acm.AcmCommands;
import dev.ballast.control.acm.CertificateEntry;
import dev.ballast.control.acm.ParsedCertificate;
import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ACM API subset over AWS JSON 1.1 ({@code X-Amz-Target: CertificateManager.<Op>}): ImportCertificate,
 * RequestCertificate and RenewCertificate (issued at once by Ballast's private CA), DescribeCertificate,
 * ListCertificates, GetCertificate (certificate and chain, never the key), DeleteCertificate and the tag operations.
 * Certificates are {@code IMPORTED} or {@code PRIVATE}; their status is {@code ISSUED}, or {@code EXPIRED} once past
 * NotAfter.
 *
 * <p>Thread-safe: stateless apart from the commands, which serialise writes themselves.
 */
public final class AcmService {
    /** The {@code X-Amz-Target} prefix of ACM operations, dot included. */
    public static final String TARGET_PREFIX = "CertificateManager.";
    /** The SigV4 signing name of ACM. */
    public static final String SIGNING_NAME = "acm";
    /** The content type an ACM request carries. */
    public static final String CONTENT_TYPE = AcmJson.CONTENT_TYPE;
    private static final Logger log = LoggerFactory.getLogger(AcmService.class);
    /** ListCertificates' default key types, as AWS documents: only RSA 2048 unless asked for others. */
    private static final List<String> DEFAULT_KEY_TYPES = List.of("RSA_2048");

    private final AcmCommands commands;
    private final Clock clock;
    private final Map<String, Function<ObjectNode, ObjectNode>> operations = new HashMap<>();

    /** The ACM API on {@code commands}; {@code clock} decides ISSUED or EXPIRED. */
    public AcmService(AcmCommands commands, Clock clock) {
        this.commands = commands;
        this.clock = clock;
        operations.put("ImportCertificate", this::importCertificate);
        operations.put("RequestCertificate", r -> AcmJson.object().put("CertificateArn",
                commands.requestCertificate(AcmRequests.certificateRequest(r)).arn()));
        operations.put("RenewCertificate", r -> {
            commands.renewCertificate(AcmJson.required(r, "CertificateArn"));
            return AcmJson.object();
        });
        operations.put("DescribeCertificate", r -> AcmJson.object().set("Certificate",
                detail(commands.describe(AcmJson.required(r, "CertificateArn")))));
        operations.put("ListCertificates", this::listCertificates);
        operations.put("GetCertificate", this::getCertificate);
        operations.put("DeleteCertificate", r -> {
            commands.delete(AcmJson.required(r, "CertificateArn"));
            return AcmJson.object();
        });
        operations.put("AddTagsToCertificate", r -> {
            commands.addTags(AcmJson.required(r, "CertificateArn"), AcmJson.tags(r));
            return AcmJson.object();
        });
        operations.put("RemoveTagsFromCertificate", r -> {
            commands.removeTags(AcmJson.required(r, "CertificateArn"), AcmJson.tags(r));
            return AcmJson.object();
        });
        operations.put("ListTagsForCertificate", r -> {
            CertificateEntry c = commands.describe(AcmJson.required(r, "CertificateArn"));
            ObjectNode out = AcmJson.object();
            ArrayNode tags = out.putArray("Tags");
            c.tags().forEach((k, v) -> tags.addObject().put("Key", k).put("Value", v));
            return out;
        });
    }

    /** True if {@code target} (an X-Amz-Target value) names an ACM operation. */
    public static boolean serves(String target) {
        return target != null && target.startsWith(TARGET_PREFIX);
    }

    /** Answers operation {@code target} with request {@code body}. */
    public ApiResponse answer(String target, byte[] body, String requestId) {
        String operation = target.substring(TARGET_PREFIX.length());
        try {
            Function<ObjectNode, ObjectNode> handler = operations.get(operation);
            if (handler == null) {
                throw new AwsException(AwsError.ACM_UNKNOWN_OPERATION, "X-Amz-Target: " + target + " (expected: "
                        + TARGET_PREFIX + " followed by one of " + operations.keySet().stream().sorted().toList()
                        + ")");
            }
            return AcmJson.ok(handler.apply(AcmJson.parse(body)), requestId);
        } catch (AwsException e) {
            return error(e.error(), e.getMessage(), requestId);
        } catch (RuntimeException e) {
            // Requests may carry private keys: the exception is logged, never the request.
            log.error("ACM {} failed", operation, e);
            return AcmJson.error(AwsError.ACM_SERVER_EXCEPTION, "Internal failure: " + e.getClass().getSimpleName(),
                    requestId);
        }
    }

    /** An AWS error raised before the operation ran, as a JSON error. */
    public static ApiResponse error(AwsError error, String message, String requestId) {
        return AcmJson.error(error, message, requestId);
    }

    private ObjectNode importCertificate(ObjectNode r) {
        CertificateEntry c = commands.importCertificate(AcmJson.string(r, "CertificateArn"),
                AcmJson.blobText(r, "Certificate"), AcmJson.blobText(r, "PrivateKey"),
                AcmJson.blobText(r, "CertificateChain"), AcmJson.tags(r));
        return AcmJson.object().put("CertificateArn", c.arn());
    }

    private ObjectNode getCertificate(ObjectNode r) {
        ParsedCertificate c = commands.describe(AcmJson.required(r, "CertificateArn")).certificate();
        ObjectNode out = AcmJson.object().put("Certificate", c.certificatePem());
        if (c.chainPem() != null) {
            out.put("CertificateChain", c.chainPem());
        }
        return out;
    }

    private ObjectNode listCertificates(ObjectNode r) {
        Set<String> statuses = new HashSet<>(strings(r.get("CertificateStatuses"), "CertificateStatuses"));
        JsonNode includes = r.get("Includes");
        List<String> keyTypes = includes == null || includes.get("keyTypes") == null ? DEFAULT_KEY_TYPES
                : strings(includes.get("keyTypes"), "Includes.keyTypes");
        List<CertificateEntry> matching = commands.list().stream()
                .filter(c -> statuses.isEmpty() || statuses.contains(status(c)))
                .filter(c -> keyTypes.contains(c.certificate().keyAlgorithm()))
                .toList();
        int max = r.has("MaxItems") ? r.get("MaxItems").asInt() : 1000;
        if (max < 1 || max > 1000) {
            throw new AwsException(AwsError.ACM_VALIDATION, "MaxItems: " + max + " (expected: 1-1000)");
        }
        String token = AcmJson.string(r, "NextToken");
        int from = token == null ? 0 : OffsetToken.decode(token, matching.size());
        if (from < 0) {
            throw new AwsException(AwsError.ACM_VALIDATION, "NextToken: " + token
                    + " (expected: the NextToken of the previous page)");
        }
        int to = Math.min(matching.size(), from + max);
        ObjectNode out = AcmJson.object();
        ArrayNode list = out.putArray("CertificateSummaryList");
        for (CertificateEntry c : matching.subList(from, to)) {
            ParsedCertificate p = c.certificate();
            ObjectNode s = list.addObject().put("CertificateArn", c.arn()).put("DomainName", p.domainName());
            ArrayNode sans = s.putArray("SubjectAlternativeNameSummaries");
            p.subjectAlternativeNames().forEach(sans::add);
            s.put("HasAdditionalSubjectAlternativeNames", false).put("Status", status(c)).put("Type", c.type())
                    .put("KeyAlgorithm", p.keyAlgorithm()).put("InUse", !commands.inUseBy(c.arn()).isEmpty())
                    .put("RenewalEligibility", renewalEligibility(c)).put("NotBefore", seconds(p.notBefore()))
                    .put("NotAfter", seconds(p.notAfter()));
            times(s, c);
        }
        if (to < matching.size()) {
            out.put("NextToken", OffsetToken.encode(to));
        }
        return out;
    }

    private ObjectNode detail(CertificateEntry c) {
        ParsedCertificate p = c.certificate();
        ObjectNode d = AcmJson.object().put("CertificateArn", c.arn()).put("DomainName", p.domainName());
        ArrayNode sans = d.putArray("SubjectAlternativeNames");
        p.subjectAlternativeNames().forEach(sans::add);
        d.put("Serial", p.serial()).put("Subject", p.subject()).put("Issuer", p.issuer())
                .put("Status", status(c))
                .put("NotBefore", seconds(p.notBefore())).put("NotAfter", seconds(p.notAfter()))
                .put("KeyAlgorithm", p.keyAlgorithm()).put("SignatureAlgorithm", p.signatureAlgorithm())
                .put("Type", c.type()).put("RenewalEligibility", renewalEligibility(c));
        times(d, c);
        ArrayNode inUse = d.putArray("InUseBy");
        commands.inUseBy(c.arn()).forEach(inUse::add);
        return d;
    }

    /** An imported certificate has ImportedAt; a requested one CreatedAt and IssuedAt (its latest issue). */
    private static void times(ObjectNode out, CertificateEntry c) {
        if (c.type().equals(CertificateEntry.PRIVATE)) {
            out.put("CreatedAt", seconds(c.createdAt())).put("IssuedAt", seconds(c.importedAt()));
        } else {
            out.put("ImportedAt", seconds(c.importedAt()));
        }
    }

    /** Ballast renews its private certificates on RenewCertificate; imported ones only by a new import. */
    private static String renewalEligibility(CertificateEntry c) {
        return c.type().equals(CertificateEntry.PRIVATE) ? "ELIGIBLE" : "INELIGIBLE";
    }

    private String status(CertificateEntry c) {
        return clock.millis() > c.certificate().notAfter() ? "EXPIRED" : "ISSUED";
    }

    private static double seconds(long millis) {
        return millis / 1000.0;
    }

    private static List<String> strings(JsonNode v, String name) {
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (!v.isArray()) {
            throw new AwsException(AwsError.ACM_VALIDATION, name + ": not a list (expected: a list of strings)");
        }
        List<String> out = new java.util.ArrayList<>();
        v.forEach(e -> out.add(e.asText()));
        return out;
    }
}
