package dev.ballast.etcd;

import io.etcd.jetcd.Client;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Checks at start that every etcd endpoint that answers lets this node in, one endpoint at a time so the error names
 * the one that does not: its certificate verifies against the CA and its names match the endpoint, it accepts this
 * node's certificate, user and password, and the user may read {@code /ballast/}. An endpoint that does not answer
 * (a member that is down) is not an error here: the cluster works without it.
 *
 * <p>Thread-safe (stateless).
 */
public final class EtcdEndpointCheck {
    /**
     * How long one endpoint's check may take at least: a cold JVM's first TLS handshake and authentication took
     * more than the 3 s of an etcd call on a loaded machine, and a check that times out proves nothing.
     */
    private static final Duration CHECK_PATIENCE = Duration.ofSeconds(10);

    private EtcdEndpointCheck() {}

    /**
     * {@code failure} of a call through all of {@code endpoints}, as {@link EtcdAccessRefusedException} naming them
     * and the reason if it was a refusal (one that came after the start-up check, or that the check did not see in
     * time); else {@code failure} itself.
     */
    public static RuntimeException explained(RuntimeException failure, String endpoints, EtcdSecurity security) {
        Throwable cause = failure.getCause() == null ? failure : failure.getCause();
        return EtcdRefusals.reason(cause, security)
                .<RuntimeException>map(reason -> new EtcdAccessRefusedException("etcd " + endpoints + ": " + reason,
                        failure))
                .orElse(failure);
    }

    /**
     * Reads {@code /ballast/} through each endpoint of {@code endpoints}, each with its own client.
     *
     * @throws EtcdAccessRefusedException {@code etcd <endpoint>: <reason>} for the first endpoint that refused
     * @throws IllegalArgumentException for a malformed endpoint list or a TLS file that cannot be read
     */
    public static void verify(String endpoints, EtcdSecurity security, Duration timeout) {
        Duration patience = timeout.compareTo(CHECK_PATIENCE) > 0 ? timeout : CHECK_PATIENCE;
        for (URI endpoint : EtcdClients.parse(endpoints, security)) {
            // no retries: a refusal does not change, and the first failure's cause is the one to report
            try (Client client = EtcdClients.builder(List.of(endpoint), security, timeout).retryMaxAttempts(0)
                    .build()) {
                client.getKVClient().get(EtcdKeys.bytes(EtcdStores.ROOT)).get(patience.toMillis(),
                        TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                EtcdRefusals.reason(cause, security).ifPresent(reason -> {
                    throw new EtcdAccessRefusedException("etcd " + endpoint + ": " + reason, cause);
                });
            } catch (TimeoutException e) {
                // not answering is not refusing: a member may be down; the node's store waits for the cluster
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("etcd " + endpoint + ": interrupted while checking it", e);
            }
        }
    }
}
