package dev.ballast.control.docker;

import com.github.dockerjava.api.model.Network;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/**
 * The host's address on a Docker engine's default bridge network (its gateway, e.g. {@code 172.17.0.1}), read from
 * the engine's {@code network inspect bridge}: the address containers on the bridge reach the host on.
 *
 * <p>Thread-safe (stateless).
 */
public final class DockerBridgeGateway {
    /** The name of the engine's default bridge network. */
    public static final String BRIDGE_NETWORK = "bridge";

    private DockerBridgeGateway() {}

    /** The IPv4 gateway of {@code engine}'s default bridge, or empty when it has none (or the engine says none). */
    public static Optional<InetAddress> of(DockerEngineClient engine) {
        Network bridge = engine.docker().inspectNetworkCmd().withNetworkId(BRIDGE_NETWORK).exec();
        List<Network.Ipam.Config> configs = bridge.getIpam() == null || bridge.getIpam().getConfig() == null
                ? List.of() : bridge.getIpam().getConfig();
        for (Network.Ipam.Config config : configs) {
            String gateway = config.getGateway();
            if (gateway != null && gateway.matches("[0-9.]+")) {
                try {
                    InetAddress address = InetAddress.getByName(gateway); // a literal: no lookup
                    if (address instanceof Inet4Address) {
                        return Optional.of(address);
                    }
                } catch (UnknownHostException e) {
                    // not an address: try the next config
                }
            }
        }
        return Optional.empty();
    }
}
