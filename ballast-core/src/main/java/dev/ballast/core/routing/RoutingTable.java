package dev.ballast.core.routing;

import dev.ballast.core.model.Action;
import dev.ballast.core.model.Listener;

/**
 * A listener's rules compiled into a matcher: lowest priority first, first full match wins, the default
 * action last.
 *
 * <p>Thread-safe (immutable once compiled).
 */
public final class RoutingTable {
    private final Listener listener;

    private RoutingTable(Listener listener) {
        this.listener = listener;
    }

    /** Compiles {@code listener}'s rules once. */
    public static RoutingTable compile(Listener listener) {
        return new RoutingTable(listener); // CONTRACT STUB: replaced by the routing implementation
    }

    /** The action for {@code request}; never null. */
    public Action route(HttpRequestView request) {
        return listener.defaultAction(); // CONTRACT STUB: replaced by the routing implementation
    }
}
