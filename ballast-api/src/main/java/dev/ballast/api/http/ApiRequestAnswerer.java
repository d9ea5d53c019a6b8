package dev.ballast.api.http;

import dev.ballast.api.auth.SigV4Verifier;
import dev.ballast.api.query.ApiResponse;
import dev.ballast.api.query.ErrorResponseWriter;
import dev.ballast.api.query.QueryDispatcher;
import dev.ballast.api.query.QueryParams;
import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Answers one whole Query-protocol request: checks path and method, verifies the signature when a verifier is
 * set, parses the form ({@code POST} body or {@code GET} query) and dispatches it.
 *
 * <p>Thread-safe: runs on the dispatch threads, off the event loop, because dispatching commits to the store.
 */
final class ApiRequestAnswerer {
    private final QueryDispatcher dispatcher;
    private final SigV4Verifier verifier;
    private final String errorNamespace;

    /** @param verifier null to accept any credentials */
    ApiRequestAnswerer(QueryDispatcher dispatcher, SigV4Verifier verifier, String errorNamespace) {
        this.dispatcher = dispatcher;
        this.verifier = verifier;
        this.errorNamespace = errorNamespace;
    }

    String errorNamespace() {
        return errorNamespace;
    }

    /** The response to {@code request}; AWS errors become ErrorResponse documents. */
    ApiResponse answer(ApiRequest request) {
        String requestId = UUID.randomUUID().toString();
        try {
            return dispatch(request, requestId);
        } catch (AwsException e) {
            return ErrorResponseWriter.render(errorNamespace, e.error(), e.getMessage(), requestId);
        }
    }

    private ApiResponse dispatch(ApiRequest request, String requestId) {
        String method = request.method();
        String path = request.rawPath();
        if (!path.equals("/")) {
            throw new AwsException(AwsError.INVALID_ACTION, "Path: " + path + " (expected: / for the Query protocol)");
        }
        if (!method.equals("POST") && !method.equals("GET")) {
            throw new AwsException(AwsError.INVALID_ACTION, "Method: " + method + " (expected: POST or GET)");
        }
        if (verifier != null) {
            verifier.verify(method, path, request.rawQuery(), request.headers(), request.body());
        }
        String form = method.equals("GET") ? request.rawQuery() : new String(request.body(), StandardCharsets.UTF_8);
        return dispatcher.dispatch(QueryParams.parse(form), requestId);
    }
}
