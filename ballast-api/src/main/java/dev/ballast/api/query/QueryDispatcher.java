package dev.ballast.api.query;

import dev.ballast.api.xml.XmlWriter;
import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;
import dev.ballast.core.model.AttributeSpec;
import dev.ballast.core.validation.ValidationException;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes a Query-protocol request by ({@code Version}, {@code Action}) to its service's action and wraps the result
 * in {@code <XResponse><XResult>…</XResult><ResponseMetadata><RequestId/></ResponseMetadata></XResponse>}.
 * Errors become {@code ErrorResponse} documents: AWS error codes as thrown, model validation failures as
 * {@code ValidationError}, unknown attribute keys as {@code InvalidConfigurationRequest}.
 *
 * <p>Thread-safe once built: services are registered before the server starts.
 */
public final class QueryDispatcher {
    private static final Logger log = LoggerFactory.getLogger(QueryDispatcher.class);

    private static final String DEFAULT_SIGNING_NAME = "elasticloadbalancing";

    private final Map<String, QueryService> services = new HashMap<>();
    private final String defaultNamespace;

    /** A dispatcher whose errors for unknown versions use {@code defaultNamespace}. */
    public QueryDispatcher(String defaultNamespace) {
        this.defaultNamespace = defaultNamespace;
    }

    /** Adds a service. */
    public QueryDispatcher register(QueryService service) {
        services.put(service.version(), service);
        return this;
    }

    /**
     * The signing name of the service the form {@code form} calls by its {@code Version}: the load-balancing APIs'
     * when the version is unknown or the form cannot be read (its errors are answered after the signature check).
     */
    public String signingName(String form) {
        try {
            for (Map.Entry<String, String> pair : QueryParams.pairs(form)) {
                if (pair.getKey().equals("Version")) {
                    QueryService service = services.get(pair.getValue());
                    return service == null ? DEFAULT_SIGNING_NAME : service.signingName();
                }
            }
        } catch (AwsException e) {
            return DEFAULT_SIGNING_NAME;
        }
        return DEFAULT_SIGNING_NAME;
    }

    /** Answers the request {@code params} with request id {@code requestId}. */
    public ApiResponse dispatch(QueryParams params, String requestId) {
        String version = params.get("Version");
        String actionName = params.get("Action");
        QueryService service = version == null ? null : services.get(version);
        String namespace = service == null ? defaultNamespace : service.namespace();
        QueryDialect dialect = service == null ? QueryDialect.WRAPPED_RESULT : service.dialect();
        try {
            if (actionName == null || actionName.isEmpty()) {
                throw new AwsException(AwsError.MISSING_ACTION, "Action: missing (expected: an action name)");
            }
            QueryAction action = service == null ? null : service.actions().get(actionName);
            if (action == null) {
                throw new AwsException(AwsError.INVALID_ACTION, "Could not find operation " + actionName
                        + " for version " + version);
            }
            service.constraints().check(actionName, params);
            XmlWriter xml = dialect.open(actionName, namespace, requestId);
            action.handle(params, xml);
            return new ApiResponse(200, dialect.close(xml, requestId), requestId);
        } catch (AwsException e) {
            return dialect.error(namespace, e.error(), e.getMessage(), requestId);
        } catch (AttributeSpec.UnknownAttributeException e) {
            return dialect.error(namespace, AwsError.INVALID_CONFIGURATION_REQUEST, e.getMessage(), requestId);
        } catch (ValidationException e) {
            return dialect.error(namespace, AwsError.VALIDATION_ERROR, e.getMessage(), requestId);
        } catch (RuntimeException e) {
            log.error("{} failed", actionName, e);
            return dialect.error(namespace, AwsError.INTERNAL_FAILURE, "Internal failure: "
                    + e.getClass().getSimpleName(), requestId);
        }
    }
}
