package dev.ballast.server;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Fetches one JSON status page ({@code /ballast/labels}, {@code /ballast/nodes}) from a running server's API for a
 * command that prints it.
 *
 * <p>Thread-safe (stateless).
 */
final class StatusPageFetch {
    /** Why the page could not be had, as the command prints it after its name. */
    static final class Failure extends Exception {
        private final int exitCode;

        Failure(String message, int exitCode) {
            super(message);
            this.exitCode = exitCode;
        }

        int exitCode() {
            return exitCode;
        }
    }

    private StatusPageFetch() {}

    /**
     * The JSON body of {@code GET <apiUrl><path>}; a malformed URL fails with exit code 2, a server that does not
     * answer or has no such page (answers anything but 200 JSON) with 1, the latter saying {@code missing}.
     */
    static String fetch(String apiUrl, String path, String missing) throws Failure, InterruptedException {
        URI uri;
        try {
            uri = URI.create(apiUrl.replaceAll("/+$", "") + path);
        } catch (IllegalArgumentException e) {
            throw new Failure("--api-url " + apiUrl + " (expected: http://host:port)", 2);
        }
        HttpResponse<String> response;
        try {
            response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build().send(
                    HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException | IllegalArgumentException e) {
            throw new Failure(apiUrl + " does not answer (expected: a running `ballast server`): " + e, 1);
        }
        if (response.statusCode() != 200 || !response.headers().firstValue("content-type").orElse("")
                .startsWith("application/json")) {
            throw new Failure("the server at " + apiUrl + " " + missing, 1);
        }
        return response.body();
    }
}
