package dev.ballast.api.iam;

import dev.ballast.api.paging.OffsetToken;
import dev.ballast.api.query.QueryAction;
import dev.ballast.api.query.QueryParams;
import dev.ballast.api.query.QueryService;
import dev.ballast.api.xml.XmlWriter;
import dev.ballast.control.acm.CertificateEntry;
import dev.ballast.control.acm.IamServerCertificates;
import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * IAM's server certificate actions over the Query protocol ({@code Version=2010-05-08}) on the shared endpoint:
 * UploadServerCertificate, GetServerCertificate (body and chain, never the key), ListServerCertificates and
 * DeleteServerCertificate, for Classic load balancer users.
 *
 * <p>Thread-safe: stateless apart from the commands.
 */
public final class IamService implements QueryService {
    /** IAM's API version. */
    public static final String VERSION = "2010-05-08";
    /** The SigV4 signing name of IAM. */
    public static final String SIGNING_NAME = "iam";
    private static final String NAMESPACE = "https://iam.amazonaws.com/doc/2010-05-08/";

    private final IamServerCertificates certificates;
    private final Map<String, QueryAction> actions = new LinkedHashMap<>();

    /** The IAM actions on {@code certificates}. */
    public IamService(IamServerCertificates certificates) {
        this.certificates = certificates;
        actions.put("UploadServerCertificate", this::upload);
        actions.put("GetServerCertificate", this::get);
        actions.put("ListServerCertificates", this::list);
        actions.put("DeleteServerCertificate", (p, x) -> certificates.delete(p.required("ServerCertificateName")));
    }

    @Override
    public String version() {
        return VERSION;
    }

    @Override
    public String namespace() {
        return NAMESPACE;
    }

    @Override
    public Map<String, QueryAction> actions() {
        return actions;
    }

    private void upload(QueryParams p, XmlWriter x) {
        Map<String, String> tags = new LinkedHashMap<>();
        List<QueryParams> tagMembers = p.members("Tags");
        if (tagMembers != null) {
            tagMembers.forEach(t -> tags.put(t.required("Key"), t.get("Value")));
        }
        CertificateEntry c = certificates.upload(p.required("ServerCertificateName"), p.get("Path"),
                p.required("CertificateBody"), p.required("PrivateKey"), p.get("CertificateChain"), tags);
        metadata(x, c);
        tags(x, c);
    }

    private void get(QueryParams p, XmlWriter x) {
        CertificateEntry c = certificates.get(p.required("ServerCertificateName"));
        x.start("ServerCertificate");
        metadata(x, c);
        x.element("CertificateBody", c.certificate().certificatePem().trim());
        if (c.certificate().chainPem() != null) {
            x.element("CertificateChain", c.certificate().chainPem().trim());
        }
        tags(x, c);
        x.end();
    }

    private void list(QueryParams p, XmlWriter x) {
        List<CertificateEntry> all = certificates.list(p.get("PathPrefix"));
        Integer max = p.integer("MaxItems");
        int limit = max == null ? 100 : max;
        if (limit < 1 || limit > 1000) {
            throw new AwsException(AwsError.VALIDATION_ERROR, "MaxItems: " + limit + " (expected: 1-1000)");
        }
        String marker = p.get("Marker");
        int from = marker == null ? 0 : OffsetToken.decode(marker, all.size());
        if (from < 0) {
            throw new AwsException(AwsError.VALIDATION_ERROR, "Marker: " + marker
                    + " (expected: the Marker of the previous page)");
        }
        int to = Math.min(all.size(), from + limit);
        x.members("ServerCertificateMetadataList", all.subList(from, to), (w, c) -> fields(w, c));
        x.element("IsTruncated", to < all.size());
        if (to < all.size()) {
            x.element("Marker", OffsetToken.encode(to));
        }
    }

    private static void metadata(XmlWriter x, CertificateEntry c) {
        x.start("ServerCertificateMetadata");
        fields(x, c);
        x.end();
    }

    private static void fields(XmlWriter x, CertificateEntry c) {
        x.element("Path", c.path()).element("ServerCertificateName", c.name())
                .element("ServerCertificateId", c.id()).element("Arn", c.arn())
                .element("UploadDate", Instant.ofEpochMilli(c.importedAt()).toString())
                .element("Expiration", Instant.ofEpochMilli(c.certificate().notAfter()).toString());
    }

    private static void tags(XmlWriter x, CertificateEntry c) {
        if (!c.tags().isEmpty()) {
            x.members("Tags", c.tags().entrySet(), (w, t) -> w.element("Key", t.getKey())
                    .element("Value", t.getValue()));
        }
    }
}
