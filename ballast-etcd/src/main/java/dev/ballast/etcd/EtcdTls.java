package dev.ballast.etcd;

import io.grpc.netty.GrpcSslContexts;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.SSLException;

/**
 * TLS to etcd's {@code https://} endpoints, as etcdctl's {@code --cacert}, {@code --cert} and {@code --key}: the CA
 * that signed the members' certificates (null: the JVM's default CAs) and, for etcd's {@code --client-cert-auth},
 * this client's certificate and private key (both or neither). A member's certificate is verified against the CA,
 * and its names (SANs) against the endpoint's host name or IP address.
 *
 * <p>Thread-safe (immutable).
 *
 * @param caCert PEM file of the CA certificates to trust, or null for the JVM's
 * @param cert PEM file of this client's certificate (chain), or null
 * @param key PEM file of its private key (PKCS#8, or PKCS#1/SEC1 as cfssl and kubeadm write them), or null
 */
public record EtcdTls(Path caCert, Path cert, Path key) {
    /** Server-verified TLS with the JVM's CAs and no client certificate. */
    public static final EtcdTls DEFAULT = new EtcdTls(null, null, null);

    /** Refuses a certificate without its key or a key without its certificate. */
    public EtcdTls {
        if (cert != null && key == null) {
            throw new IllegalArgumentException("--etcd-cert " + cert + " without --etcd-key (expected: both, this "
                    + "client's certificate and its private key)");
        }
        if (key != null && cert == null) {
            throw new IllegalArgumentException("--etcd-key " + key + " without --etcd-cert (expected: both, this "
                    + "client's certificate and its private key)");
        }
    }

    /** True if this client presents a certificate. */
    public boolean clientCertificate() {
        return cert != null;
    }

    /**
     * The client context jetcd's channels use. The JDK's TLS (not OpenSSL, even when netty-tcnative is present) so
     * that a refused handshake reads the same everywhere; gRPC's engine verifies the member's names (HTTPS endpoint
     * identification).
     *
     * @throws IllegalArgumentException naming the option whose file is missing or not PEM of the expected kind
     */
    public SslContext sslContext() {
        SslContextBuilder builder = GrpcSslContexts.configure(SslContextBuilder.forClient(), SslProvider.JDK);
        if (caCert != null) {
            readable("--etcd-cacert", caCert);
            try {
                builder.trustManager(caCert.toFile());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--etcd-cacert " + caCert + ": " + reason(e)
                        + " (expected: a PEM file of the CA certificates that signed etcd's)", e);
            }
        }
        if (cert != null) {
            readable("--etcd-cert", cert);
            readable("--etcd-key", key);
            try {
                builder.keyManager(cert.toFile(), key.toFile());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--etcd-cert " + cert + " --etcd-key " + key + ": " + reason(e)
                        + " (expected: a PEM certificate and its unencrypted PEM private key)", e);
            }
        }
        try {
            return builder.build();
        } catch (SSLException e) {
            throw new IllegalArgumentException("--etcd-cert " + cert + " --etcd-key " + key + ": " + reason(e)
                    + " (expected: a PEM certificate and its unencrypted PEM private key)", e);
        }
    }

    private static void readable(String option, Path file) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IllegalArgumentException(option + " " + file + " (expected: a readable PEM file)");
        }
    }

    private static String reason(Exception e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? String.valueOf(e.getMessage()) : e.getMessage() + ": " + root.getMessage();
    }
}
