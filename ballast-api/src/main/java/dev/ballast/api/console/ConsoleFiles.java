package dev.ballast.api.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The web console's static files (HTML, CSS, JavaScript), read once from the jar and served under {@code /console}.
 * Only the files named here exist: a request path is looked up as a whole name, never joined to a directory, so
 * {@code ..}, encoded slashes or any other path cannot reach another resource or the file system.
 *
 * <p>Thread-safe (immutable after construction).
 */
public final class ConsoleFiles {
    /** The console's path; {@code /console} and {@code /console/} are its page. */
    public static final String PATH = "/console";

    /**
     * Headers sent with every console file: scripts only from this origin and never inline (a name holding
     * {@code <script>} cannot run even if it reached the page as markup), no content sniffing, no framing.
     */
    public static final List<Map.Entry<String, String>> SECURITY_HEADERS = List.of(
            Map.entry("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; "
                    + "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; "
                    + "frame-ancestors 'none'"),
            Map.entry("X-Content-Type-Options", "nosniff"),
            Map.entry("X-Frame-Options", "DENY"),
            Map.entry("Referrer-Policy", "no-referrer"),
            Map.entry("Cache-Control", "no-cache"));

    private static final String RESOURCE_DIR = "/dev/ballast/api/console/";
    private static final List<String> NAMES = List.of("index.html", "console.css", "console.js", "dom.js",
            "api.js", "sigv4.js", "metrics.js", "chart.js", "monitoring.js", "login.js", "load-balancers.js",
            "target-groups.js", "ecs.js", "route53.js");

    private final Map<String, ConsoleFile> files;

    private ConsoleFiles(Map<String, ConsoleFile> files) {
        this.files = Map.copyOf(files);
    }

    /** The console's files from the class path. */
    public static ConsoleFiles fromClasspath() {
        Map<String, ConsoleFile> files = new LinkedHashMap<>();
        for (String name : NAMES) {
            try (InputStream in = ConsoleFiles.class.getResourceAsStream(RESOURCE_DIR + name)) {
                if (in == null) {
                    throw new IllegalStateException("console file " + RESOURCE_DIR + name + " is missing from the jar");
                }
                files.put(name, new ConsoleFile(contentType(name), in.readAllBytes()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new ConsoleFiles(files);
    }

    /** True if {@code rawPath} is the console's page or under it. */
    public static boolean serves(String rawPath) {
        return rawPath.equals(PATH) || rawPath.startsWith(PATH + "/");
    }

    /** The file {@code rawPath} names ({@code /console} and {@code /console/} name the page), or empty. */
    public Optional<ConsoleFile> find(String rawPath) {
        if (rawPath.equals(PATH) || rawPath.equals(PATH + "/")) {
            return Optional.of(files.get("index.html"));
        }
        if (!rawPath.startsWith(PATH + "/")) {
            return Optional.empty();
        }
        return Optional.ofNullable(files.get(rawPath.substring(PATH.length() + 1)));
    }

    private static String contentType(String name) {
        if (name.endsWith(".html")) {
            return "text/html; charset=utf-8";
        }
        if (name.endsWith(".css")) {
            return "text/css; charset=utf-8";
        }
        return "text/javascript; charset=utf-8";
    }
}
