package dev.ballast.etcd;

/**
 * An etcd endpoint that answered but would not let this node in: its certificate does not verify, it refused this
 * node's certificate, or it refused the user or password. Not a transient failure: trying again cannot help.
 *
 * <p>Thread-safe (immutable).
 */
public final class EtcdAccessRefusedException extends IllegalStateException {
    /** {@code message}: one line, {@code etcd <endpoint>: <reason>}. */
    public EtcdAccessRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
