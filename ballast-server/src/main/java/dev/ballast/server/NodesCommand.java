package dev.ballast.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import picocli.CommandLine.Command;

/**
 * {@code ballast nodes}: prints one line per live node of the cluster the server belongs to (name, address,
 * instance id, API), read from {@code GET /ballast/nodes} on the API port; {@code *} marks the node asked.
 *
 * <p>Not thread-safe; one instance runs once.
 */
@Command(name = "nodes", mixinStandardHelpOptions = true,
        description = "Lists the live nodes of the cluster (ballast server --etcd): name, address, instance id and "
                + "API (see docs/cluster.md).")
public final class NodesCommand extends StatusPageCommand {
    private static final String ROW = "%-2s%-20s %-16s %-20s %s%n";

    @Override
    String command() {
        return "ballast nodes";
    }

    @Override
    String path() {
        return ClusterMembership.PATH;
    }

    @Override
    String missing() {
        return "is not in a cluster (expected: `ballast server --etcd ... --node-address ...`)";
    }

    @Override
    void print(JsonNode page, PrintWriter out) {
        String self = page.path("self").asText();
        out.printf(ROW, "", "NAME", "ADDRESS", "INSTANCE", "API");
        for (JsonNode n : page.path("nodes")) {
            String name = n.path("name").asText();
            out.printf(ROW, name.equals(self) ? "*" : "", name, n.path("address").asText(),
                    n.path("instanceId").asText(), n.path("api").asText());
        }
    }
}
