package dev.ballast.api.acm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ballast.control.acm.CertificateRequest;
import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads RequestCertificate's JSON request into the control plane's {@link CertificateRequest}; ACM's API and
 * CloudFormation's {@code AWS::CertificateManager::Certificate} share it.
 *
 * <p>Thread-safe (stateless).
 */
public final class AcmRequests {
    private AcmRequests() {}

    /** The request in {@code r}: DomainName, SubjectAlternativeNames, ValidationMethod, ... as ACM names them. */
    public static CertificateRequest certificateRequest(ObjectNode r) {
        String token = AcmJson.string(r, "IdempotencyToken");
        if (token != null && !token.matches("\\w{1,32}")) {
            throw new AwsException(AwsError.ACM_VALIDATION, "IdempotencyToken: " + token
                    + " (expected: 1-32 letters, digits or underscores)");
        }
        JsonNode options = r.get("Options");
        if (options != null && options.get("CertificateTransparencyLoggingPreference") != null) {
            String logging = options.get("CertificateTransparencyLoggingPreference").asText();
            if (!logging.equals("ENABLED") && !logging.equals("DISABLED")) {
                throw new AwsException(AwsError.ACM_VALIDATION, "Options.CertificateTransparencyLoggingPreference: "
                        + logging + " (expected: ENABLED or DISABLED)");
            }
        }
        Map<String, String> tags = AcmJson.tags(r);
        return new CertificateRequest(AcmJson.required(r, "DomainName"), strings(r, "SubjectAlternativeNames"),
                AcmJson.string(r, "ValidationMethod"), validationDomains(r),
                AcmJson.string(r, "CertificateAuthorityArn"), AcmJson.string(r, "KeyAlgorithm"), tags);
    }

    private static List<String> strings(ObjectNode r, String name) {
        JsonNode v = r.get(name);
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (!v.isArray() || v.isEmpty()) {
            throw new AwsException(AwsError.ACM_VALIDATION, name + ": " + v + " (expected: a list of 1-100 domain"
                    + " names)");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode e : v) {
            if (!e.isTextual()) {
                throw new AwsException(AwsError.ACM_VALIDATION, name + ": " + e + " (expected: a domain name)");
            }
            out.add(e.asText());
        }
        return out;
    }

    /** DomainValidationOptions as domain name → validation domain. */
    private static Map<String, String> validationDomains(ObjectNode r) {
        JsonNode v = r.get("DomainValidationOptions");
        Map<String, String> out = new LinkedHashMap<>();
        if (v == null || v.isNull()) {
            return out;
        }
        if (!v.isArray()) {
            throw new AwsException(AwsError.ACM_VALIDATION, "DomainValidationOptions: not a list (expected: a list"
                    + " of {DomainName, ValidationDomain})");
        }
        for (JsonNode option : v) {
            if (!(option instanceof ObjectNode o)) {
                throw new AwsException(AwsError.ACM_VALIDATION, "DomainValidationOptions: " + option
                        + " (expected: {DomainName, ValidationDomain})");
            }
            out.put(AcmJson.required(o, "DomainName"), AcmJson.required(o, "ValidationDomain"));
        }
        return out;
    }
}
