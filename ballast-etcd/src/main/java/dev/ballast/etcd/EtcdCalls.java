package dev.ballast.etcd;

import dev.ballast.control.store.StoreException;
import dev.ballast.control.store.StoreUnavailableException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waits for one etcd call with a deadline and turns its failure into the store's exceptions: no answer in time
 * (no quorum, no member reachable) is {@link StoreUnavailableException}, anything else {@link StoreException}.
 *
 * <p>Thread-safe (immutable).
 */
final class EtcdCalls {
    private final Duration timeout;

    EtcdCalls(Duration timeout) {
        this.timeout = timeout;
    }

    <T> T await(String what, CompletableFuture<T> call) {
        try {
            return call.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            throw new StoreUnavailableException(what + ": etcd did not answer within " + timeout.toMillis()
                    + " ms (no quorum or no member reachable)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            call.cancel(true);
            throw new StoreUnavailableException(what + ": interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (unavailable(cause)) {
                throw new StoreUnavailableException(what + ": etcd is unavailable: " + cause.getMessage(), cause);
            }
            throw new StoreException(what + ": " + cause.getMessage(), cause);
        }
    }

    /** gRPC's UNAVAILABLE / DEADLINE_EXCEEDED as jetcd reports them (status in the message). */
    private static boolean unavailable(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage());
            if (m.contains("UNAVAILABLE") || m.contains("DEADLINE_EXCEEDED") || m.contains("no leader")
                    || m.contains("timed out")) {
                return true;
            }
        }
        return false;
    }
}
