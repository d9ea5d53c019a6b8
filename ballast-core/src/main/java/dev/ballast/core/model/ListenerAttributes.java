package dev.ballast.core.model;

import java.util.Map;

/**
 * The documented attribute keys of listeners: those of a network load balancer's listeners, and the typed reading
 * of the ones that drive behaviour.
 *
 * <p>Thread-safe (stateless).
 */
public final class ListenerAttributes {
    /** {@code tcp.idle_timeout.seconds}: how long a TCP flow may stay silent before it is reset. */
    public static final String TCP_IDLE_TIMEOUT = "tcp.idle_timeout.seconds";
    /** AWS's default TCP idle timeout of a network load balancer listener. */
    public static final int DEFAULT_TCP_IDLE_TIMEOUT_SECONDS = 350;

    /** The documented keys of a TCP, TLS, UDP or TCP_UDP listener. */
    public static final AttributeSpec NETWORK = AttributeSpec.builder("network listener")
            .integer(TCP_IDLE_TIMEOUT, DEFAULT_TCP_IDLE_TIMEOUT_SECONDS, 60, 6000)
            .build();

    private ListenerAttributes() {}

    /** The defaults of a network listener. */
    public static Map<String, String> networkDefaults() {
        return NETWORK.defaults();
    }

    /**
     * The TCP idle timeout in {@code attributes} (default 350 s). The value is read as given: the API and the
     * configuration file check the documented range (60-6000) before a listener is built.
     */
    public static int tcpIdleTimeoutSeconds(Map<String, String> attributes) {
        String value = attributes.get(TCP_IDLE_TIMEOUT);
        return value == null ? DEFAULT_TCP_IDLE_TIMEOUT_SECONDS : Integer.parseInt(value);
    }
}
