package dev.ballast.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ballast.control.labels.LabelStatus;
import dev.ballast.server.labels.LabelsPlane;
import java.io.IOException;
import java.io.PrintWriter;
import picocli.CommandLine.Command;

/**
 * {@code ballast labels}: prints one line per labelled container port the server's Docker labels provider knows,
 * read from {@code GET /ballast/labels} on the API port.
 *
 * <p>Not thread-safe; one instance runs once.
 */
@Command(name = "labels", mixinStandardHelpOptions = true,
        description = "Lists the containers the Docker labels provider sees: container, label, load balancer, target "
                + "group, target and state (see docs/labels.md).")
public final class LabelsCommand extends StatusPageCommand {
    @Override
    String command() {
        return "ballast labels";
    }

    @Override
    String path() {
        return LabelsPlane.PATH;
    }

    @Override
    String missing() {
        return "has no Docker labels provider (expected: `ballast server --docker-labels`)";
    }

    @Override
    void print(JsonNode page, PrintWriter out) throws IOException {
        ObjectMapper json = new ObjectMapper();
        out.println("engine " + page.path("engine").asText() + ": " + page.path("engineState").asText());
        for (JsonNode label : page.path("labels")) {
            out.println(json.treeToValue(label, LabelStatus.class).line());
        }
    }
}
