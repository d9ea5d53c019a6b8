package dev.ballast.proxy;

import dev.ballast.core.model.Action;

/**
 * Builds the {@code Location} of a redirect action from AWS's placeholders: {@code #{protocol}},
 * {@code #{host}}, {@code #{port}}, {@code #{path}} (the request path without its leading slash) and
 * {@code #{query}} (without {@code ?}). The URL always names the port, as ALB's do.
 *
 * <p>Thread-safe (stateless).
 */
final class RedirectLocation {
    private RedirectLocation() {
    }

    /**
     * The Location for {@code redirect}.
     *
     * @param protocol the listener protocol in lower case ({@code http})
     * @param host the request host without port (may be empty)
     * @param port the listener port
     * @param path the request path (starts with /)
     * @param query the raw query or null
     */
    static String build(Action.Redirect redirect, String protocol, String host, int port, String path, String query) {
        String pathWithoutSlash = path.startsWith("/") ? path.substring(1) : path;
        String q = query == null ? "" : query;
        String p = Integer.toString(port);
        String outProtocol = substitute(redirect.protocol(), protocol, host, p, pathWithoutSlash, q).toLowerCase();
        String outHost = substitute(redirect.host(), protocol, host, p, pathWithoutSlash, q);
        String outPort = substitute(redirect.port(), protocol, host, p, pathWithoutSlash, q);
        String outPath = substitute(redirect.path(), protocol, host, p, pathWithoutSlash, q);
        String outQuery = substitute(redirect.query(), protocol, host, p, pathWithoutSlash, q);
        return outProtocol + "://" + outHost + ":" + outPort + outPath + (outQuery.isEmpty() ? "" : "?" + outQuery);
    }

    private static String substitute(String template, String protocol, String host, String port, String path,
                                     String query) {
        if (template.indexOf('#') < 0) {
            return template;
        }
        return template.replace("#{protocol}", protocol)
                .replace("#{host}", host)
                .replace("#{port}", port)
                .replace("#{path}", path)
                .replace("#{query}", query);
    }
}
