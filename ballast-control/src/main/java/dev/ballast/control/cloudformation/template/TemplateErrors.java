package dev.ballast.control.cloudformation.template;

import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;

/**
 * The two shapes of CloudFormation's template messages, as ValidationErrors: "Template format error: ..." for a
 * template that breaks the grammar, "Template error: ..." for one whose functions cannot be evaluated; a location
 * (a JSON pointer into the template) is written as AWS writes it, {@code [/Resources/X/Properties/Y]}.
 *
 * <p>Thread-safe (stateless).
 */
public final class TemplateErrors {
    private TemplateErrors() {}

    /** "Template format error: {@code message}". */
    public static AwsException format(String message) {
        return new AwsException(AwsError.VALIDATION_ERROR, "Template format error: " + message);
    }

    /** "Template format error: [{@code at}] {@code message}". */
    public static AwsException format(String at, String message) {
        return format("[" + at + "] " + message);
    }

    /** "Template error: [{@code at}] {@code message}" ({@code at} may be null). */
    public static AwsException evaluation(String at, String message) {
        return new AwsException(AwsError.VALIDATION_ERROR, "Template error: " + (at == null ? "" : "[" + at + "] ")
                + message);
    }
}
