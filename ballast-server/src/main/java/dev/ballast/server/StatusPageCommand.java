package dev.ballast.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * A command that prints one JSON status page of a running server's API ({@code ballast labels},
 * {@code ballast nodes}): it fetches {@code GET <--api-url><path>} and hands the page to {@link #print}. A malformed
 * URL exits 2; a server that does not answer, or has no such page, exits 1 with one line saying so.
 *
 * <p>Not thread-safe; one instance runs once.
 */
abstract class StatusPageCommand implements Callable<Integer> {
    @Option(names = "--api-url", paramLabel = "<url>", defaultValue = "http://127.0.0.1:9500",
            description = "The server's API (default: ${DEFAULT-VALUE}).")
    private String apiUrl;

    @Spec
    private CommandSpec spec;

    /** The command as its messages name it, e.g. {@code ballast nodes}. */
    abstract String command();

    /** The page's path on the API port. */
    abstract String path();

    /** What a server without the page lacks, e.g. {@code has no Docker labels provider (expected: ...)}. */
    abstract String missing();

    /** Prints {@code page}. */
    abstract void print(JsonNode page, PrintWriter out) throws IOException;

    @Override
    public final Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        URI uri;
        try {
            uri = URI.create(apiUrl.replaceAll("/+$", "") + path());
        } catch (IllegalArgumentException e) {
            return fail(err, "--api-url " + apiUrl + " (expected: http://host:port)", 2);
        }
        HttpResponse<String> response;
        try {
            response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build().send(
                    HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return fail(err, apiUrl + " does not answer (expected: a running `ballast server`): " + e, 1);
        }
        if (response.statusCode() != 200 || !response.headers().firstValue("content-type").orElse("")
                .startsWith("application/json")) {
            return fail(err, "the server at " + apiUrl + " " + missing(), 1);
        }
        print(new ObjectMapper().readTree(response.body()), out);
        out.flush();
        return 0;
    }

    private int fail(PrintWriter err, String message, int exitCode) {
        err.println(command() + ": " + message);
        err.flush();
        return exitCode;
    }
}
