package dev.ballast.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ballast.control.labels.LabelStatus;
import dev.ballast.server.labels.LabelsPlane;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
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
        URI uri;
        try {
            uri = URI.create(apiUrl.replaceAll("/+$", "") + LabelsPlane.PATH);
        } catch (IllegalArgumentException e) {
            err.println("ballast labels: --api-url " + apiUrl + " (expected: http://host:port)");
            err.flush();
            return 2;
        }
        HttpResponse<String> response;
        try {
            response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build().send(
                    HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            err.println("ballast labels: " + apiUrl + " does not answer (expected: a running `ballast server`): " + e);
            err.flush();
            return 1;
        }
        if (response.statusCode() != 200 || !response.headers().firstValue("content-type").orElse("")
                .startsWith("application/json")) {
            err.println("ballast labels: the server at " + apiUrl + " has no Docker labels provider (expected: "
                    + "`ballast server --docker-labels`)");
            err.flush();
            return 1;
        }
        ObjectMapper json = new ObjectMapper();
        JsonNode page = json.readTree(response.body());
        out.println("engine " + page.path("engine").asText() + ": " + page.path("engineState").asText());
        for (JsonNode label : page.path("labels")) {
            out.println(json.treeToValue(label, LabelStatus.class).line());
        }
        out.flush();
        return 0;
    }
}
