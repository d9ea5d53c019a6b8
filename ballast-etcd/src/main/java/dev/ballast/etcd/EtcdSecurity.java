package dev.ballast.etcd;

/**
 * How this node proves itself to etcd and checks etcd: TLS for {@code https://} endpoints (null: the JVM's CAs, no
 * client certificate) and the user it authenticates as (null: none).
 *
 * <p>Thread-safe (immutable).
 *
 * @param tls the CA and client certificate files for {@code https://} endpoints, or null
 * @param credentials the etcd user and password, or null
 */
public record EtcdSecurity(EtcdTls tls, EtcdCredentials credentials) {
    /** Plain {@code http://} (or {@code https://} with the JVM's CAs), no user. */
    public static final EtcdSecurity NONE = new EtcdSecurity(null, null);

    /** The TLS of {@code https://} endpoints: the one given, else the JVM's CAs without a client certificate. */
    EtcdTls tlsOrDefault() {
        return tls == null ? EtcdTls.DEFAULT : tls;
    }

    /** How this node reaches etcd, for the start-up banner: never the password. */
    public String describe(boolean https) {
        StringBuilder s = new StringBuilder(https ? "TLS" : "plain http");
        if (https) {
            EtcdTls t = tlsOrDefault();
            s.append(t.caCert() == null ? " (the JVM's CAs" : " (CA " + t.caCert());
            s.append(t.clientCertificate() ? ", client certificate " + t.cert() + ")" : ", no client certificate)");
        }
        if (credentials != null) {
            s.append(", user ").append(credentials.user());
        }
        return s.toString();
    }
}
