package dev.ballast.etcd;

import dev.ballast.control.store.Store;
import dev.ballast.control.store.StoreFactory;
import dev.ballast.control.store.StoreUnavailableException;
import io.etcd.jetcd.Client;
import java.time.Duration;

/**
 * The stores of a cluster: one {@link EtcdStore} per name under {@code /ballast/<name>/} of one etcd, all on one
 * client. etcd has no per-key file modes: a secret store is as private as access to the etcd is (see
 * docs/cluster.md).
 *
 * <p>Thread-safe (the client is).
 */
public final class EtcdStores implements StoreFactory {
    /** Every key Ballast writes starts with this. */
    public static final String ROOT = "/ballast/";

    private final Client client;
    private final Duration timeout;

    /** Stores on {@code client}, whose calls give up after {@code timeout}; closing closes the client. */
    public EtcdStores(Client client, Duration timeout) {
        this.client = client;
        this.timeout = timeout;
    }

    @Override
    public Store open(String name, boolean secret) {
        return EtcdStore.open(client, ROOT + name + "/", timeout);
    }

    @Override
    public boolean shared() {
        return true;
    }

    /**
     * Returns once etcd answers a read, trying again for up to {@code patience}: a node started with (or just
     * before) its etcd, or whose first call pays for a cold start, waits for it rather than failing on its first
     * read. Throws the last {@link StoreUnavailableException} when etcd still does not answer.
     */
    public EtcdStores awaitReachable(Duration patience) {
        EtcdCalls calls = new EtcdCalls(timeout);
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            try {
                calls.await("reach etcd", client.getKVClient().get(EtcdKeys.bytes(ROOT)));
                return this;
            } catch (StoreUnavailableException e) {
                if (System.nanoTime() - deadline >= 0) {
                    throw e;
                }
                try {
                    Thread.sleep(100); // a refused connection fails at once: do not spin
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** The client, for node membership on the same etcd. */
    public Client client() {
        return client;
    }

    @Override
    public void close() {
        client.close();
    }
}
