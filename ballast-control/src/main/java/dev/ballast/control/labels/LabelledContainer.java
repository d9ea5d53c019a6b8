package dev.ballast.control.labels;

import java.util.Map;

/**
 * A container carrying provider labels, as the engine last described it.
 *
 * @param id the full container id
 * @param name the container name without the leading {@code /}
 * @param running true while the engine reports it running and not paused
 * @param leaving true once it was sent a kill or stop (its targets drain before it exits)
 * @param health its Docker health status ({@code starting}, {@code healthy}, {@code unhealthy}), null without a
 *     health check
 * @param address its IP address on its first network that has one (by network name), null when none
 * @param hostNetwork true in {@code host} network mode (its ports are the host's)
 * @param published published host ports: {@code "6379/tcp"} → where the host serves it
 * @param labels all its labels
 *
 * <p>Thread-safe (immutable).
 */
public record LabelledContainer(String id, String name, boolean running, boolean leaving, String health,
                                String address, boolean hostNetwork, Map<String, HostPort> published,
                                Map<String, String> labels) {
    /**
     * Where a published container port is served on the host.
     *
     * @param ip the host address it is published on, null when published on all addresses
     * @param port the host port
     */
    public record HostPort(String ip, int port) {}

    /** Copies the maps. */
    public LabelledContainer {
        published = Map.copyOf(published);
        labels = Map.copyOf(labels);
    }

    /** The first 12 characters of the id, as {@code docker ps} shows it. */
    public String shortId() {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }
}
