package dev.ballast.api.console;

/**
 * One static file of the web console as it is served: its content type and bytes.
 *
 * <p>Thread-safe (immutable; the array is never handed out for writing).
 */
public record ConsoleFile(String contentType, byte[] bytes) {
}
