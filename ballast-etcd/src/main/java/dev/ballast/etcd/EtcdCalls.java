package dev.ballast.etcd;

import dev.ballast.control.store.StoreException;
import dev.ballast.control.store.StoreUnavailableException;
import io.etcd.jetcd.common.exception.ErrorCode;
import io.etcd.jetcd.common.exception.EtcdException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
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
    /** Error codes of a call that may succeed once a member is reachable again. */
    private static final Set<ErrorCode> TRANSIENT = EnumSet.of(ErrorCode.UNAVAILABLE, ErrorCode.DEADLINE_EXCEEDED,
            ErrorCode.CANCELLED);

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

    /**
     * True for a failure to reach etcd rather than an answer from it: jetcd's transient error codes, and the texts
     * gRPC and the transport use (a channel or connection closed under a call while a member restarts).
     */
    private static boolean unavailable(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof EtcdException e && TRANSIENT.contains(e.getErrorCode())) {
                return true;
            }
            String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            if (m.contains("unavailable") || m.contains("deadline_exceeded") || m.contains("no leader")
                    || m.contains("timed out") || m.contains("closed")) {
                return true;
            }
        }
        return false;
    }
}
