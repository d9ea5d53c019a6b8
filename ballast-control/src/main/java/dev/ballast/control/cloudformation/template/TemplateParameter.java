package dev.ballast.control.cloudformation.template;

import java.util.List;

/**
 * One entry of a template's Parameters block.
 *
 * <p>Thread-safe (immutable).
 *
 * @param name the parameter's logical name
 * @param type {@code String}, {@code Number}, {@code List<Number>}, {@code CommaDelimitedList} or an AWS-specific
 *     type such as {@code AWS::EC2::VPC::Id} (a string here)
 * @param defaultValue the Default member as a string, or null
 * @param allowedValues the AllowedValues member (empty when absent)
 * @param allowedPattern the AllowedPattern member, or null
 * @param description the Description member, or null
 * @param noEcho whether the value is shown as asterisks
 */
public record TemplateParameter(String name, String type, String defaultValue, List<String> allowedValues,
                                String allowedPattern, String description, boolean noEcho) {
    /** Copies the list. */
    public TemplateParameter {
        allowedValues = List.copyOf(allowedValues);
    }

    /** Whether the value is a list ({@code CommaDelimitedList}, {@code List<...>}). */
    public boolean isList() {
        return type.equals("CommaDelimitedList") || type.startsWith("List<");
    }
}
