package dev.ballast.control.cloudformation.template;

/**
 * One entry of a template's Outputs block, as written.
 *
 * <p>Thread-safe (immutable).
 *
 * @param logicalId the output's name
 * @param value the Value member (may contain functions)
 * @param description the Description member, or null
 * @param exportName the Export.Name member (may contain functions), or null
 * @param condition the Condition member, or null
 */
public record TemplateOutput(String logicalId, Object value, String description, Object exportName,
                             String condition) {}
