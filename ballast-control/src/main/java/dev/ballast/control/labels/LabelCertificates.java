package dev.ballast.control.labels;

import dev.ballast.control.acm.AcmCommands;
import dev.ballast.control.acm.CertificateEntry;
import dev.ballast.control.acm.CertificateRequest;
import dev.ballast.control.error.AwsException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The certificates of the HTTPS listeners the provider creates: requested through the same ACM commands as the API
 * (Ballast's private CA issues them at once) for the load balancer's DNS name, tagged as the provider's, and deleted
 * once no listener uses them (at the end of every pass). A certificate is found again by its {@value #FOR_KEY} tag,
 * so a restart between the request and the listener's creation reuses it instead of requesting another. In a cluster
 * a certificate also names the node that requested it ({@value #REQUESTED_BY_KEY}): only that node deletes it (another
 * node's pass would delete it between its request and its listener's creation), or, once that node has left the
 * cluster, the node that releases what it held.
 *
 * <p>Not thread-safe: called on the provider's worker thread only.
 */
final class LabelCertificates {
    private static final Logger LOG = LoggerFactory.getLogger(LabelCertificates.class);
    /** The tag naming the load balancer and front port a provider certificate was requested for. */
    static final String FOR_KEY = "ballast:docker-labels:certificate-for";
    /** The tag naming the cluster node that requested a provider certificate. */
    static final String REQUESTED_BY_KEY = "ballast:docker-labels:requested-by";
    /** The longest first name (Common Name) ACM accepts. */
    private static final int MAX_DOMAIN_NAME = 64;

    private final AcmCommands acm;
    private final LabelOwner owner;

    LabelCertificates(AcmCommands acm, LabelOwner owner) {
        this.acm = acm;
        this.owner = owner;
    }

    /**
     * The ARN of the provider's certificate for the listener on {@code frontPort} of the load balancer {@code lbArn}
     * named {@code dnsName}, requested now when there is none, also for {@code otherName} when it is not null (a
     * name ACM refuses makes the request, and so the listener, fail with ACM's message).
     */
    String certificateFor(String lbArn, String dnsName, int frontPort, String otherName) {
        String forValue = lbArn + ":" + frontPort;
        for (CertificateEntry c : acm.list()) {
            if (createdByProvider(c) && forValue.equals(c.tags().get(FOR_KEY))) {
                return c.arn();
            }
        }
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(LabelReconciler.CREATED_BY_KEY, LabelReconciler.CREATED_BY);
        tags.put(FOR_KEY, forValue);
        if (owner.inCluster()) {
            tags.put(REQUESTED_BY_KEY, owner.node());
        }
        List<String> otherNames = otherName == null ? List.of(dnsName) : List.of(dnsName, otherName);
        CertificateEntry issued = acm.requestCertificate(new CertificateRequest(domainName(dnsName), otherNames,
                "DNS", null, null, null, tags));
        LOG.info("docker-labels: requested certificate {} for {}", issued.arn(), dnsName);
        return issued.arn();
    }

    /**
     * The certificate's first name: the DNS name itself, or when that is longer than a Common Name may be, the
     * wildcard of its parent domain (which covers it: the load balancer's part is one label). The DNS name is always
     * among the other names too.
     */
    static String domainName(String dnsName) {
        if (dnsName.length() <= MAX_DOMAIN_NAME) {
            return dnsName;
        }
        return "*" + dnsName.substring(dnsName.indexOf('.'));
    }

    /**
     * Deletes the certificates this provider requested that no listener uses (run after the unneeded listeners are
     * deleted).
     */
    void removeUnused() {
        removeUnusedOf(Set.of(owner.node() == null ? "" : owner.node()));
    }

    /** The cluster nodes that requested the provider's certificates. */
    Set<String> requesters() {
        Set<String> nodes = new HashSet<>();
        for (CertificateEntry c : acm.list()) {
            if (createdByProvider(c) && c.tags().containsKey(REQUESTED_BY_KEY)) {
                nodes.add(c.tags().get(REQUESTED_BY_KEY));
            }
        }
        return nodes;
    }

    /** Deletes the unused certificates of the provider that the nodes {@code nodes} requested ("": a server alone). */
    void removeUnusedOf(Set<String> nodes) {
        for (CertificateEntry c : acm.list()) {
            if (!createdByProvider(c) || !nodes.contains(c.tags().getOrDefault(REQUESTED_BY_KEY, ""))
                    || !acm.inUseBy(c.arn()).isEmpty()) {
                continue;
            }
            try {
                acm.delete(c.arn());
                LOG.info("docker-labels: deleted certificate {} (no listener uses it)", c.arn());
            } catch (AwsException e) {
                LOG.warn("docker-labels: deleting certificate {} failed: {}", c.arn(), e.getMessage());
            }
        }
    }

    private static boolean createdByProvider(CertificateEntry c) {
        return LabelReconciler.CREATED_BY.equals(c.tags().get(LabelReconciler.CREATED_BY_KEY));
    }
}
