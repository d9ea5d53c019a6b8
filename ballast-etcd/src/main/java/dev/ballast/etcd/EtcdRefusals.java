package dev.ballast.etcd;

import io.netty.handler.ssl.NotSslRecordException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLException;

/**
 * Reads why an etcd endpoint refused this node from a failed call's causes, in words that say what to change: a
 * TLS handshake that failed (the member's certificate, or this node's) or an authentication etcd refused. Anything
 * else (connection refused, timeout, no leader) is not a refusal: the member may just be down.
 *
 * <p>Thread-safe (stateless).
 */
final class EtcdRefusals {
    private static final String CLOSED_IN_HANDSHAKE = "Connection closed while performing TLS negotiation";

    private EtcdRefusals() {}

    /** The reason {@code failure} is a refusal, one line without the endpoint; empty if it is not one. */
    static Optional<String> reason(Throwable failure, EtcdSecurity security) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = failure; t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        // Netty reports an answer that is not TLS at all (an http:// member) as NotSslRecordException, not SSLException
        Optional<Throwable> tls = chain.stream()
                .filter(t -> t instanceof SSLException || t instanceof NotSslRecordException).findFirst();
        if (tls.isPresent()) {
            String message = tls.get() instanceof NotSslRecordException
                    ? "not an SSL/TLS record" // without the hex dump of what came instead
                    : innermost(chain, tls.get());
            return Optional.of(tlsReason(message, security.tlsOrDefault()));
        }
        String text = String.join(" | ", chain.stream().map(t -> String.valueOf(t.getMessage())).toList());
        if (text.contains(CLOSED_IN_HANDSHAKE)) {
            // gRPC's words when the peer hung up on the ClientHello, as etcd's plain http:// listener does
            return Optional.of(tlsReason(CLOSED_IN_HANDSHAKE, security.tlsOrDefault()));
        }
        return authReason(text, security.credentials());
    }

    private static String tlsReason(String message, EtcdTls tls) {
        if (message.contains("No subject alternative") || message.contains("No name matching")) {
            return "its certificate is not issued for this address (" + message + "; expected: a server certificate "
                    + "whose subject alternative names include the endpoint's host name or IP address)";
        }
        if (message.contains("certification path") || message.contains("PKIX") || message.contains("signature check")) {
            return "its certificate is not signed by " + (tls.caCert() == null
                    ? "a CA the JVM trusts (" + message + "; expected: the CA that signed it, with --etcd-cacert)"
                    : "the CA of --etcd-cacert " + tls.caCert() + " (" + message + ")");
        }
        if (message.contains("Unsupported or unrecognized SSL message") || message.equals("not an SSL/TLS record")
                || message.equals(CLOSED_IN_HANDSHAKE)) {
            return "it does not speak TLS (" + message + "; expected: an https:// endpoint of an etcd started with "
                    + "--cert-file and --key-file, or http:// endpoints)";
        }
        if (message.contains("certificate_required") || message.contains("bad_certificate")
                || message.contains("unknown_ca") || message.contains("certificate_unknown")) {
            return tls.clientCertificate()
                    ? "it refused this node's certificate --etcd-cert " + tls.cert() + " (" + message + "; expected: "
                            + "a client certificate signed by a CA of etcd's --trusted-ca-file)"
                    : "it requires a client certificate (" + message + "; expected: --etcd-cert and --etcd-key)";
        }
        return "the TLS handshake failed (" + message + ")";
    }

    private static Optional<String> authReason(String text, EtcdCredentials credentials) {
        String user = credentials == null ? "" : "user " + credentials.user() + ": ";
        if (text.contains("authentication failed")) {
            return Optional.of(user + "etcd refused the password (etcdserver: authentication failed, invalid user "
                    + "ID or password; expected: the password of --etcd-user, from --etcd-password-file or "
                    + "BALLAST_ETCD_PASSWORD)");
        }
        if (text.contains("user name is empty") || text.contains("user name not found")) {
            return Optional.of("it requires authentication (etcdserver: user name is empty; expected: --etcd-user "
                    + "and its password, or a client certificate whose common name is an etcd user)");
        }
        if (text.contains("authentication is not enabled")) {
            return Optional.of(user + "authentication is not enabled on this etcd (expected: no --etcd-user, or "
                    + "`etcdctl auth enable` on the etcd)");
        }
        if (text.contains("permission denied")) {
            return Optional.of((user.isEmpty() ? "this node " : user) + "may not read " + EtcdStores.ROOT
                    + " (etcdserver: permission denied; expected: a role granting readwrite on the key prefix "
                    + EtcdStores.ROOT + ")");
        }
        return Optional.empty();
    }

    /** The message of the deepest cause under {@code from}: the JDK's own words, without wrappers' prefixes. */
    private static String innermost(List<Throwable> chain, Throwable from) {
        Throwable deepest = from;
        for (int i = chain.indexOf(from); i < chain.size(); i++) {
            if (chain.get(i).getMessage() != null) {
                deepest = chain.get(i);
            }
        }
        String message = String.valueOf(deepest.getMessage());
        int colon = message.lastIndexOf("Exception: ");
        return (colon >= 0 ? message.substring(colon + "Exception: ".length()) : message).strip();
    }
}
