package dev.ballast.api.query;

import java.util.Map;

/**
 * A service spoken over the AWS Query protocol on the shared endpoint, identified by its API version
 * (ELBv2 is {@code 2015-12-01}; Classic ELB, {@code 2012-06-01}, can sit beside it).
 *
 * <p>Implementations must be thread-safe.
 */
public interface QueryService {
    /** The {@code Version} parameter this service answers. */
    String version();

    /** The XML namespace of its responses. */
    String namespace();

    /** Its actions by {@code Action} name. */
    Map<String, QueryAction> actions();

    /** The constraints of its service model's input members, checked before an action runs. */
    default MemberConstraints constraints() {
        return MemberConstraints.NONE;
    }

    /** The SigV4 signing name its requests are scoped to (both load-balancing APIs sign for this one). */
    default String signingName() {
        return "elasticloadbalancing";
    }

    /** How its answers and errors are shaped. */
    default QueryDialect dialect() {
        return QueryDialect.WRAPPED_RESULT;
    }
}
