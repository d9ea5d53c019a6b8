package dev.ballast.api.http;

import dev.ballast.api.acm.AcmService;
import dev.ballast.api.auth.SigV4Verifier;
import dev.ballast.api.ecs.EcsService;
import dev.ballast.api.query.ApiResponse;
import dev.ballast.api.query.ErrorResponseWriter;
import dev.ballast.api.query.QueryDispatcher;
import dev.ballast.api.query.QueryParams;
import dev.ballast.api.route53.Route53Service;
import dev.ballast.api.servicediscovery.CloudMapService;
import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Answers one whole API request. A {@code POST /} with an ECS {@code X-Amz-Target} and the AWS JSON 1.1 content type
 * goes to the {@link EcsService} (signed for {@code ecs}, errors as JSON); a path under {@code /2013-04-01/} goes to
 * the {@link Route53Service} (REST-XML, signed for {@code route53}); a {@code POST /} with a Cloud Map
 * {@code X-Amz-Target} goes to the {@link CloudMapService} (signed for {@code servicediscovery}); a
 * {@code CertificateManager.} target goes to the {@link AcmService} (JSON 1.1, signed for {@code acm});
 * {@code GET /metrics} to the {@link MetricsPage} (unsigned); every other
 * request is a Query-protocol request (ELBv2, Classic, IAM): path and method are checked, the signature verified when
 * a verifier is set, and the form ({@code POST}
 * body or {@code GET} query) dispatched.
 *
 * <p>Thread-safe: runs on the dispatch threads, off the event loop, because dispatching commits to the store.
 */
final class ApiRequestAnswerer {
    private final QueryDispatcher dispatcher;
    private final EcsService ecs;
    private final Route53Service route53;
    private final CloudMapService cloudMap;
    private final AcmService acm;
    private final SigV4Verifier verifier;
    private final String errorNamespace;
    private final Map<String, Supplier<String>> jsonPages = new ConcurrentHashMap<>();
    private final MetricsPage metrics;

    /**
     * @param ecs null when this endpoint does not serve ECS
     * @param route53 null when this endpoint does not serve Route 53
     * @param cloudMap null when this endpoint does not serve Cloud Map
     * @param acm null when this endpoint does not serve ACM
     * @param verifier null to accept any credentials
     * @param metrics null when this endpoint serves no {@code /metrics} page
     */
    ApiRequestAnswerer(QueryDispatcher dispatcher, EcsService ecs, Route53Service route53, CloudMapService cloudMap,
                       AcmService acm, MetricsPage metrics, SigV4Verifier verifier, String errorNamespace) {
        this.metrics = metrics;
        this.dispatcher = dispatcher;
        this.ecs = ecs;
        this.route53 = route53;
        this.cloudMap = cloudMap;
        this.acm = acm;
        this.verifier = verifier;
        this.errorNamespace = errorNamespace;
    }

    /** Answers {@code GET path} with the JSON {@code body} supplies. */
    void serveJson(String path, Supplier<String> body) {
        jsonPages.put(path, body);
    }

    String errorNamespace() {
        return errorNamespace;
    }

    /** The response to {@code request}; AWS errors become ErrorResponse documents. */
    ApiResponse answer(ApiRequest request) {
        String requestId = UUID.randomUUID().toString();
        if (metrics != null && request.method().equals("GET") && request.rawPath().equals(MetricsPage.PATH)) {
            // unsigned, like every Prometheus scrape; the query string (e.g. name[]=) is ignored
            return metrics.render(first(request, "accept"), requestId);
        }
        if (isEcs(request)) {
            return answerEcs(request, first(request, "x-amz-target"), requestId);
        }
        if (isCloudMap(request)) {
            return answerCloudMap(request, first(request, "x-amz-target"), requestId);
        }
        if (isAcm(request)) {
            return answerAcm(request, first(request, "x-amz-target"), requestId);
        }
        if (route53 != null && Route53Service.serves(request.rawPath())) {
            return answerRoute53(request, requestId);
        }
        Supplier<String> page = request.method().equals("GET") ? jsonPages.get(request.rawPath()) : null;
        if (page != null) {
            return new ApiResponse(200, page.get(), requestId, "application/json");
        }
        try {
            return dispatch(request, requestId);
        } catch (AwsException e) {
            return ErrorResponseWriter.render(errorNamespace, e.error(), e.getMessage(), requestId);
        }
    }

    /** True if {@code request} is an ECS call (JSON 1.1 with an ECS {@code X-Amz-Target}) this endpoint serves. */
    private boolean isEcs(ApiRequest request) {
        String target = first(request, "x-amz-target");
        return ecs != null && request.method().equals("POST") && request.rawPath().equals("/") && target != null
                && target.startsWith(EcsService.TARGET_PREFIX)
                && EcsService.CONTENT_TYPE.equals(first(request, "content-type"));
    }

    /** True if {@code request} is a Cloud Map call (JSON 1.1 with a Cloud Map {@code X-Amz-Target}). */
    private boolean isCloudMap(ApiRequest request) {
        String target = first(request, "x-amz-target");
        return cloudMap != null && request.method().equals("POST") && request.rawPath().equals("/")
                && target != null && target.startsWith(CloudMapService.TARGET_PREFIX)
                && CloudMapService.CONTENT_TYPE.equals(first(request, "content-type"));
    }

    /** True if {@code request} is an ACM call (JSON 1.1 with a {@code CertificateManager.} target) served here. */
    private boolean isAcm(ApiRequest request) {
        return acm != null && request.method().equals("POST") && request.rawPath().equals("/")
                && AcmService.serves(first(request, "x-amz-target"))
                && AcmService.CONTENT_TYPE.equals(first(request, "content-type"));
    }

    private ApiResponse answerAcm(ApiRequest request, String target, String requestId) {
        try {
            if (verifier != null) {
                verifier.verify(AcmService.SIGNING_NAME, request.method(), request.rawPath(), request.rawQuery(),
                        request.headers(), request.body());
            }
        } catch (AwsException e) {
            return AcmService.error(e.error(), e.getMessage(), requestId);
        }
        return acm.answer(target, request.body(), requestId);
    }

    /**
     * {@code error} answered before or instead of the operation (overload, an internal failure), in the protocol of
     * the request: a JSON error for ECS, an ErrorResponse document otherwise.
     */
    ApiResponse error(ApiRequest request, AwsError error, String message) {
        String requestId = UUID.randomUUID().toString();
        if (isCloudMap(request)) {
            return CloudMapService.error(error, message, requestId);
        }
        if (isAcm(request)) {
            return AcmService.error(error, message, requestId);
        }
        return isEcs(request) ? EcsService.error(error, message, requestId)
                : ErrorResponseWriter.render(errorNamespace, error, message, requestId);
    }

    private ApiResponse answerEcs(ApiRequest request, String target, String requestId) {
        try {
            if (verifier != null) {
                verifier.verify(EcsService.SIGNING_NAME, request.method(), request.rawPath(), request.rawQuery(),
                        request.headers(), request.body());
            }
        } catch (AwsException e) {
            return EcsService.error(e.error(), e.getMessage(), requestId);
        }
        return ecs.answer(target, request.body(), requestId);
    }

    private ApiResponse answerCloudMap(ApiRequest request, String target, String requestId) {
        try {
            if (verifier != null) {
                verifier.verify(CloudMapService.SIGNING_NAME, request.method(), request.rawPath(),
                        request.rawQuery(), request.headers(), request.body());
            }
        } catch (AwsException e) {
            return CloudMapService.error(e.error(), e.getMessage(), requestId);
        }
        return cloudMap.answer(target, request.body(), requestId);
    }

    private ApiResponse answerRoute53(ApiRequest request, String requestId) {
        try {
            if (verifier != null) {
                verifier.verify(Route53Service.SIGNING_NAME, request.method(), request.rawPath(), request.rawQuery(),
                        request.headers(), request.body());
            }
        } catch (AwsException e) {
            return Route53Service.error(e.error(), e.getMessage(), requestId);
        }
        return route53.answer(request.method(), request.rawPath(), request.rawQuery(), request.body(), requestId);
    }

    private static String first(ApiRequest request, String header) {
        var values = request.headers().get(header);
        return values == null || values.isEmpty() ? null : values.get(0);
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
        String form = method.equals("GET") ? request.rawQuery() : new String(request.body(), StandardCharsets.UTF_8);
        if (verifier != null) {
            verifier.verify(dispatcher.signingName(form), method, path, request.rawQuery(), request.headers(),
                    request.body());
        }
        return dispatcher.dispatch(QueryParams.parse(form), requestId);
    }
}
