package dev.ballast.control.acm;

import dev.ballast.core.model.ServerCertificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One stored certificate, imported with ACM's ImportCertificate or IAM's UploadServerCertificate: its ARN, the
 * checked certificate, chain and key ({@link ParsedCertificate}) and the API's own fields.
 *
 * @param source {@code ACM} or {@code IAM}
 * @param name IAM's ServerCertificateName (null for ACM)
 * @param path IAM's Path (null for ACM)
 * @param id IAM's ServerCertificateId (null for ACM)
 * @param createdAt first import, epoch milliseconds
 * @param importedAt latest import (a re-import under the same ARN) or issue, epoch milliseconds
 * @param type ACM's certificate type: {@code IMPORTED} (null in entries stored before requests existed) or
 *     {@code PRIVATE} (issued by Ballast's private CA through RequestCertificate)
 *
 * <p>Thread-safe (immutable). {@link #toString} leaves the key out.
 */
public record CertificateEntry(String arn, String source, String name, String path, String id,
                               ParsedCertificate certificate, long createdAt, long importedAt,
                               Map<String, String> tags, String type) {
    /** ACM's source. */
    public static final String ACM = "ACM";
    /** IAM's source. */
    public static final String IAM = "IAM";

    /** ACM's type of an imported certificate. */
    public static final String IMPORTED = "IMPORTED";
    /** ACM's type of a certificate its private CA issued. */
    public static final String PRIVATE = "PRIVATE";

    /** Copies the tags, sorted by key; no type is IMPORTED. */
    public CertificateEntry {
        tags = tags == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(tags));
        type = type == null ? IMPORTED : type;
    }

    /** An imported certificate. */
    public CertificateEntry(String arn, String source, String name, String path, String id,
                            ParsedCertificate certificate, long createdAt, long importedAt, Map<String, String> tags) {
        this(arn, source, name, path, id, certificate, createdAt, importedAt, tags, IMPORTED);
    }

    /** This entry with {@code newTags}. */
    public CertificateEntry withTags(Map<String, String> newTags) {
        return new CertificateEntry(arn, source, name, path, id, certificate, createdAt, importedAt, newTags,
                type);
    }

    /** What a TLS listener presents: the certificate followed by its chain, the key and the names. */
    public ServerCertificate toServerCertificate() {
        String chain = certificate.certificatePem() + (certificate.chainPem() == null ? "" : certificate.chainPem());
        List<String> names = new ArrayList<>(certificate.subjectAlternativeNames());
        return new ServerCertificate(arn, chain, certificate.privateKeyPem(), names, certificate.notAfter());
    }

    @Override
    public String toString() {
        return "CertificateEntry[" + arn + " " + certificate + "]";
    }
}
