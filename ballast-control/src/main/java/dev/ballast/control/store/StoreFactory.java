package dev.ballast.control.store;

/**
 * Opens the control plane's stores by name ({@code elbv2}, {@code classic}, {@code ecs}, {@code route53},
 * {@code certificates}), so one start-up path serves one node on SQLite and a cluster on etcd.
 *
 * <p>Implementations are thread-safe.
 */
public interface StoreFactory extends AutoCloseable {
    /** The store called {@code name}; {@code secret} for one holding private keys (readable by this user only). */
    Store open(String name, boolean secret);

    /** True when other nodes commit to the same stores (writers must follow them, see {@link StoreFollower}). */
    boolean shared();

    /** Releases what the stores share (the etcd client); the stores themselves are closed by their users. */
    @Override
    void close();
}
