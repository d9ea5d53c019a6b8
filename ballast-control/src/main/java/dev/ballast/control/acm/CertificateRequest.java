package dev.ballast.control.acm;

import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What RequestCertificate asks for, checked as ACM checks it before anything is issued: the domain names (ACM's
 * pattern, a CN of at most 64 characters, at most 100 names), the validation options (each for one of the names,
 * validated through that name or a domain it is under), the key algorithm (one ACM issues: RSA_2048,
 * EC_prime256v1, EC_secp384r1) and the tags.
 *
 * @param domainName the subject's name
 * @param subjectAlternativeNames further names (null: none)
 * @param validationMethod {@code DNS}, {@code EMAIL} or {@code HTTP}; recorded, no validation is needed here
 * @param validationDomains DomainValidationOptions: domain name → validation domain
 * @param certificateAuthorityArn the CA the caller named (Ballast's own CA signs whatever it names), or null
 * @param keyAlgorithm ACM's key algorithm, null for RSA_2048
 * @param tags the certificate's tags
 *
 * <p>Thread-safe (immutable once checked).
 */
public record CertificateRequest(String domainName, List<String> subjectAlternativeNames, String validationMethod,
                                 Map<String, String> validationDomains, String certificateAuthorityArn,
                                 String keyAlgorithm, Map<String, String> tags) {
    /** The key algorithms ACM issues requested certificates with. */
    public static final List<String> KEY_ALGORITHMS = List.of("RSA_2048", "EC_prime256v1", "EC_secp384r1");
    private static final Pattern DOMAIN = Pattern.compile(
            "(\\*\\.)?(((?!-)[A-Za-z0-9-]{0,62}[A-Za-z0-9])\\.)+((?!-)[A-Za-z0-9-]{1,62}[A-Za-z0-9])");
    private static final Pattern CA_ARN = Pattern.compile(
            "arn:[\\w+=/,.@-]+:acm-pca:[\\w+=/,.@-]*:[0-9]+:[\\w+=,.@-]+(/[\\w+=,.@-]+)*");
    private static final int MAX_NAMES = 100;

    /** Normalises the names to lower case and the key algorithm to its default. */
    public CertificateRequest {
        domainName = domainName == null ? null : domainName.toLowerCase(Locale.ROOT);
        subjectAlternativeNames = subjectAlternativeNames == null ? List.of() : subjectAlternativeNames.stream()
                .map(n -> n == null ? null : n.toLowerCase(Locale.ROOT)).toList();
        validationDomains = validationDomains == null ? Map.of() : Map.copyOf(validationDomains);
        keyAlgorithm = keyAlgorithm == null ? KEY_ALGORITHMS.get(0) : keyAlgorithm;
        tags = tags == null ? Map.of() : tags;
    }

    /** The certificate's names: the domain name first, then the other names once each. */
    public List<String> names() {
        Set<String> names = new LinkedHashSet<>();
        names.add(domainName);
        names.addAll(subjectAlternativeNames);
        return new ArrayList<>(names);
    }

    /** Checks the request; nothing is issued for one that fails. */
    void check() {
        if (domainName == null || domainName.isEmpty()) {
            throw new AwsException(AwsError.ACM_VALIDATION, "DomainName: missing (expected: a fully qualified domain"
                    + " name such as www.example.com)");
        }
        checkName("DomainName", domainName);
        if (domainName.length() > 64) {
            // RFC 5280 limits the Common Name to 64 octets; ACM refuses a longer first name
            throw new AwsException(AwsError.ACM_VALIDATION, "DomainName: " + domainName + " (expected: at most 64"
                    + " characters; put a longer name in SubjectAlternativeNames)");
        }
        for (String name : subjectAlternativeNames) {
            checkName("SubjectAlternativeNames", name);
        }
        if (names().size() > MAX_NAMES) {
            throw new AwsException(AwsError.ACM_VALIDATION, "SubjectAlternativeNames: " + names().size()
                    + " names (expected: at most " + MAX_NAMES + " with DomainName)");
        }
        if (validationMethod != null && !List.of("DNS", "EMAIL", "HTTP").contains(validationMethod)) {
            throw new AwsException(AwsError.ACM_VALIDATION, "ValidationMethod: " + validationMethod
                    + " (expected: DNS, EMAIL or HTTP)");
        }
        validationDomains.forEach((domain, validation) -> {
            String name = domain.toLowerCase(Locale.ROOT);
            String via = validation == null ? null : validation.toLowerCase(Locale.ROOT);
            String base = name.startsWith("*.") ? name.substring(2) : name;
            if (!names().contains(name) || via == null || !(base.equals(via) || base.endsWith("." + via))) {
                throw new AwsException(AwsError.ACM_INVALID_DOMAIN_VALIDATION_OPTIONS,
                        "One or more values in the DomainValidationOption structure is incorrect.");
            }
        });
        if (!KEY_ALGORITHMS.contains(keyAlgorithm)) {
            throw new AwsException(AwsError.ACM_VALIDATION, "KeyAlgorithm: " + keyAlgorithm + " (expected: "
                    + String.join(", ", KEY_ALGORITHMS) + ")");
        }
        if (certificateAuthorityArn != null && !CA_ARN.matcher(certificateAuthorityArn).matches()) {
            throw new AwsException(AwsError.ACM_INVALID_ARN, "CertificateAuthorityArn: " + certificateAuthorityArn
                    + " (expected: arn:aws:acm-pca:<region>:<account>:certificate-authority/<id>)");
        }
    }

    private static void checkName(String field, String name) {
        if (name == null || name.length() > 253 || !DOMAIN.matcher(name).matches()) {
            throw new AwsException(AwsError.ACM_VALIDATION, field + ": " + name + " (expected: a fully qualified"
                    + " domain name of at most 253 characters, such as www.example.com or *.example.com)");
        }
    }
}
