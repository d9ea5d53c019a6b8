package dev.ballast.api.cloudformation;

import dev.ballast.api.query.QueryParams;
import dev.ballast.control.classic.ClassicAttributes;
import dev.ballast.control.classic.ClassicControl;

/**
 * The attributes a template gives a Classic load balancer ({@code CrossZone}, {@code ConnectionDrainingPolicy},
 * {@code ConnectionSettings}, {@code AccessLoggingPolicy}) as one ModifyLoadBalancerAttributes change; a property
 * the template leaves out takes the value a new load balancer has, so removing it from the template sets it back.
 *
 * <p>Thread-safe (stateless).
 */
final class ClassicStackAttributes {
    private ClassicStackAttributes() {}

    /** The change the properties (in their Query form) ask for. */
    static ClassicControl.AttributeChange of(QueryParams p) {
        ClassicAttributes defaults = ClassicAttributes.DEFAULTS;
        QueryParams draining = p.struct("ConnectionDrainingPolicy");
        QueryParams settings = p.struct("ConnectionSettings");
        QueryParams log = p.struct("AccessLoggingPolicy");
        Boolean crossZone = p.bool("CrossZone");
        // boxed on both sides: a member the template leaves out of a given structure keeps its current value
        return new ClassicControl.AttributeChange(
                crossZone == null ? Boolean.valueOf(defaults.crossZone()) : crossZone,
                draining == null ? Boolean.valueOf(defaults.drainingEnabled()) : draining.bool("Enabled"),
                draining == null || draining.integer("Timeout") == null
                        ? Integer.valueOf(defaults.drainingTimeout()) : draining.integer("Timeout"),
                settings == null ? Integer.valueOf(defaults.idleTimeout()) : settings.integer("IdleTimeout"),
                log == null ? Boolean.valueOf(defaults.accessLogEnabled()) : log.bool("Enabled"),
                log == null ? null : log.get("S3BucketName"),
                log == null || log.integer("EmitInterval") == null
                        ? Integer.valueOf(defaults.accessLogEmitInterval()) : log.integer("EmitInterval"),
                log == null ? null : log.get("S3BucketPrefix"),
                null);
    }
}
