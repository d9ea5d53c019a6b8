package dev.ballast.control.labels;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Ports;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads the engine's containers that carry provider labels ({@code GET /containers/json?all=1}, then an inspect of
 * each for its health, networks and published ports).
 *
 * <p>Thread-safe (stateless); blocking Docker I/O, never called on an event loop.
 */
final class ContainerReader {
    private ContainerReader() {}

    /**
     * The labelled containers, running or not, sorted by name; {@code leaving} holds the ids of containers that were
     * sent a kill or stop since they last started.
     */
    static List<LabelledContainer> read(DockerClient docker, Set<String> leaving) {
        List<LabelledContainer> out = new ArrayList<>();
        for (Container listed : docker.listContainersCmd().withShowAll(true).exec()) {
            Map<String, String> labels = listed.getLabels() == null ? Map.of() : listed.getLabels();
            if (labels.keySet().stream().noneMatch(LabelParser::isProviderLabel)) {
                continue;
            }
            try {
                out.add(of(docker.inspectContainerCmd(listed.getId()).exec(), leaving.contains(listed.getId())));
            } catch (NotFoundException removedMeanwhile) {
                // gone between the list and the inspect: it is simply not there any more
            }
        }
        out.sort(Comparator.comparing(LabelledContainer::name));
        return out;
    }

    private static LabelledContainer of(InspectContainerResponse c, boolean leaving) {
        InspectContainerResponse.ContainerState state = c.getState();
        // A paused container answers nothing: it counts as not running until unpaused.
        boolean running = state != null && Boolean.TRUE.equals(state.getRunning())
                && !Boolean.TRUE.equals(state.getPaused());
        String health = state == null || state.getHealth() == null ? null : state.getHealth().getStatus();
        String name = c.getName() == null ? c.getId() : c.getName().replaceFirst("^/", "");
        String networkMode = c.getHostConfig() == null ? null : c.getHostConfig().getNetworkMode();
        Map<String, String> labels = c.getConfig() == null || c.getConfig().getLabels() == null ? Map.of()
                : c.getConfig().getLabels();
        return new LabelledContainer(c.getId(), name, running, leaving, health, address(c), "host".equals(networkMode),
                published(c), labels);
    }

    /** The IPv4 address on the first network (by name) that gave the container one. */
    private static String address(InspectContainerResponse c) {
        if (c.getNetworkSettings() == null || c.getNetworkSettings().getNetworks() == null) {
            return null;
        }
        for (ContainerNetwork network : new TreeMap<>(c.getNetworkSettings().getNetworks()).values()) {
            if (network.getIpAddress() != null && !network.getIpAddress().isBlank()) {
                return network.getIpAddress();
            }
        }
        return null;
    }

    /** {@code "6379/tcp"} → the host address (null for all) and port it is published on (IPv4 bindings first). */
    private static Map<String, LabelledContainer.HostPort> published(InspectContainerResponse c) {
        Map<String, LabelledContainer.HostPort> out = new LinkedHashMap<>();
        if (c.getNetworkSettings() == null || c.getNetworkSettings().getPorts() == null) {
            return out;
        }
        for (Map.Entry<ExposedPort, Ports.Binding[]> e : c.getNetworkSettings().getPorts().getBindings().entrySet()) {
            if (e.getValue() == null) {
                continue;
            }
            List<Ports.Binding> bindings = new ArrayList<>(List.of(e.getValue()));
            bindings.sort(Comparator.comparing(b -> b.getHostIp() != null && b.getHostIp().contains(":")));
            for (Ports.Binding binding : bindings) {
                String spec = binding.getHostPortSpec();
                if (spec != null && spec.matches("\\d{1,5}")) {
                    String ip = binding.getHostIp();
                    // null: published on every address (AddressRule says where this node reaches that)
                    String on = ip == null || ip.isBlank() || ip.equals("0.0.0.0") || ip.equals("::") ? null : ip;
                    out.put(e.getKey().getPort() + "/" + e.getKey().getProtocol().toString(),
                            new LabelledContainer.HostPort(on, Integer.parseInt(spec)));
                    break;
                }
            }
        }
        return out;
    }
}
