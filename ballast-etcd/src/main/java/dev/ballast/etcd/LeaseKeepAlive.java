package dev.ballast.etcd;

import io.etcd.jetcd.Client;
import io.etcd.jetcd.lease.LeaseKeepAliveResponse;
import io.etcd.jetcd.support.CloseableClient;
import io.grpc.stub.StreamObserver;
import java.util.function.Consumer;

/**
 * Keeps an etcd lease alive and says why when it is lost: etcd answers that it expired, the keep-alive stream fails,
 * or it ends.
 *
 * <p>Thread-safe (stateless); {@code lost} is called on jetcd's threads, so it should hand the work to its owner's.
 */
final class LeaseKeepAlive {
    private LeaseKeepAlive() {}

    /** Starts keeping {@code lease} alive on {@code client}; {@code lost} gets why once it is not kept any more. */
    static CloseableClient start(Client client, long lease, Consumer<String> lost) {
        return client.getLeaseClient().keepAlive(lease, new StreamObserver<>() {
            @Override
            public void onNext(LeaseKeepAliveResponse response) {
                if (response.getTTL() <= 0) {
                    lost.accept("the lease expired");
                }
            }

            @Override
            public void onError(Throwable t) {
                lost.accept(t.toString());
            }

            @Override
            public void onCompleted() {
                lost.accept("keep-alive ended");
            }
        });
    }
}
