package dev.ballast.control.route53;

/**
 * A change Route 53 reports through GetChange: every change is applied (INSYNC) when its request returns.
 *
 * <p>Thread-safe (immutable).
 *
 * @param id without the {@code /change/} prefix
 * @param submittedAt epoch milliseconds
 * @param comment the change batch's comment, or null
 */
public record Route53Change(String id, long submittedAt, String comment) {}
