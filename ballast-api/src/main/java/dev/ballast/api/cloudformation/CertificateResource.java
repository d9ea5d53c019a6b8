package dev.ballast.api.cloudformation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ballast.api.acm.AcmRequests;
import dev.ballast.control.acm.AcmCommands;
import dev.ballast.control.acm.CertificateEntry;
import dev.ballast.control.cloudformation.ResourceProvisioner;
import dev.ballast.control.cloudformation.StackResourceEntry;
import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code AWS::CertificateManager::Certificate} on ACM's RequestCertificate (its properties are that request): the
 * certificate is issued at once by Ballast's private CA, so the resource completes without waiting for DNS or email
 * validation. Ref is the ARN; tags change in place, any other property requests a new certificate.
 *
 * <p>Thread-safe (the commands are).
 */
final class CertificateResource implements ResourceProvisioner {
    private final AcmCommands acm;

    CertificateResource(AcmCommands acm) {
        this.acm = acm;
    }

    @Override
    public Set<String> properties() {
        return Set.of("DomainName", "SubjectAlternativeNames", "ValidationMethod", "DomainValidationOptions",
                "CertificateAuthorityArn", "KeyAlgorithm", "CertificateTransparencyLoggingPreference",
                "CertificateExport", "Tags");
    }

    @Override
    public Set<String> requiredProperties() {
        return Set.of("DomainName");
    }

    @Override
    public Set<String> replacingProperties() {
        return Set.of("DomainName", "SubjectAlternativeNames", "ValidationMethod", "DomainValidationOptions",
                "CertificateAuthorityArn", "KeyAlgorithm", "CertificateTransparencyLoggingPreference",
                "CertificateExport");
    }

    @Override
    public Provisioned create(ResourceRequest request) {
        ObjectNode json = new ResourceProperties(request.properties()).json(Set.of());
        JsonNode logging = json.remove("CertificateTransparencyLoggingPreference");
        if (logging != null) {
            json.putObject("Options").set("CertificateTransparencyLoggingPreference", logging);
        }
        json.remove("CertificateExport"); // an exportable certificate: every requested one is, through its store
        JsonNode options = json.get("DomainValidationOptions");
        if (options != null && options.isArray()) {
            for (JsonNode option : options) {
                // CloudFormation's DNS form names a HostedZoneId instead of a ValidationDomain; no validation runs
                if (option instanceof ObjectNode o && o.remove("HostedZoneId") != null && !o.has("ValidationDomain")
                        && o.has("DomainName")) {
                    o.set("ValidationDomain", o.get("DomainName"));
                }
            }
        }
        CertificateEntry entry = acm.requestCertificate(AcmRequests.certificateRequest(json));
        return new Provisioned(entry.arn(), Map.of());
    }

    @Override
    public Provisioned update(ResourceRequest request, StackResourceEntry current) {
        String arn = current.physicalId();
        Map<String, String> now = new ResourceProperties(request.properties()).keyValues("Tags");
        Map<String, String> before = new ResourceProperties(current.properties()).keyValues("Tags");
        Map<String, String> gone = new LinkedHashMap<>();
        before.keySet().stream().filter(k -> !now.containsKey(k)).forEach(k -> gone.put(k, null));
        if (!gone.isEmpty()) {
            acm.removeTags(arn, gone);
        }
        if (!now.isEmpty() && !now.equals(before)) {
            acm.addTags(arn, now);
        }
        return new Provisioned(arn, Map.of());
    }

    @Override
    public void delete(StackResourceEntry current) {
        try {
            acm.delete(current.physicalId());
        } catch (AwsException e) {
            if (e.error() != AwsError.ACM_RESOURCE_NOT_FOUND) {
                throw e;
            }
        }
    }
}
