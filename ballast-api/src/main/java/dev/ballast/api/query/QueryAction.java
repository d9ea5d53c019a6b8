package dev.ballast.api.query;

import dev.ballast.api.xml.XmlWriter;

/**
 * One action of a Query-protocol service: reads its parameters and writes the inside of its {@code <XResult>}.
 *
 * <p>Implementations must be thread-safe: API threads call them concurrently.
 */
@FunctionalInterface
public interface QueryAction {
    /** Handles the request; throws {@link dev.ballast.control.error.AwsException} to answer an error. */
    void handle(QueryParams params, XmlWriter result);
}
