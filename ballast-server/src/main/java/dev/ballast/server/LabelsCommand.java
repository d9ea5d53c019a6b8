package dev.ballast.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ballast.control.labels.LabelStatus;
import dev.ballast.server.labels.LabelsPlane;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ballast labels}: prints one line per labelled container port the server's Docker labels provider knows,
 * read from {@code GET /ballast/labels} on the API port.
 *
 * <p>Not thread-safe; one instance runs once.
 */
@Command(name = "labels", mixinStandardHelpOptions = true,
        description = "Lists the containers the Docker labels provider sees: container, label, load balancer, target "
                + "group, target and state (see docs/labels.md).")
public final class LabelsCommand implements Callable<Integer> {
    @Option(names = "--api-url", paramLabel = "<url>", defaultValue = "http://127.0.0.1:9500",
            description = "The server's API (default: ${DEFAULT-VALUE}).")
    private String apiUrl;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String body;
        try {
            body = StatusPageFetch.fetch(apiUrl, LabelsPlane.PATH,
                    "has no Docker labels provider (expected: `ballast server --docker-labels`)");
        } catch (StatusPageFetch.Failure e) {
            err.println("ballast labels: " + e.getMessage());
            err.flush();
            return e.exitCode();
        }
        ObjectMapper json = new ObjectMapper();
        JsonNode page = json.readTree(body);
        out.println("engine " + page.path("engine").asText() + ": " + page.path("engineState").asText());
        for (JsonNode label : page.path("labels")) {
            out.println(json.treeToValue(label, LabelStatus.class).line());
        }
        out.flush();
        return 0;
    }
}
