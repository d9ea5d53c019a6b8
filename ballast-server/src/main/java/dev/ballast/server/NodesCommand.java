package dev.ballast.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ballast nodes}: prints one line per live node of the cluster the server belongs to (name, address,
 * instance id, API), read from {@code GET /ballast/nodes} on the API port; {@code *} marks the node asked.
 *
 * <p>Not thread-safe; one instance runs once.
 */
@Command(name = "nodes", mixinStandardHelpOptions = true,
        description = "Lists the live nodes of the cluster (ballast server --etcd): name, address, instance id and "
                + "API (see docs/cluster.md).")
public final class NodesCommand implements Callable<Integer> {
    @Option(names = "--api-url", paramLabel = "<url>", defaultValue = "http://127.0.0.1:9500",
            description = "Any node's API (default: ${DEFAULT-VALUE}).")
    private String apiUrl;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String body;
        try {
            body = StatusPageFetch.fetch(apiUrl, ClusterMembership.PATH,
                    "is not in a cluster (expected: `ballast server --etcd ... --node-address ...`)");
        } catch (StatusPageFetch.Failure e) {
            err.println("ballast nodes: " + e.getMessage());
            err.flush();
            return e.exitCode();
        }
        JsonNode page = new ObjectMapper().readTree(body);
        String self = page.path("self").asText();
        out.printf("%-2s%-20s %-16s %-20s %s%n", "", "NAME", "ADDRESS", "INSTANCE", "API");
        for (JsonNode n : page.path("nodes")) {
            String name = n.path("name").asText();
            out.printf("%-2s%-20s %-16s %-20s %s%n", name.equals(self) ? "*" : "", name, n.path("address").asText(),
                    n.path("instanceId").asText(), n.path("api").asText());
        }
        out.flush();
        return 0;
    }
}
