package dev.ballast.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.server.ControlPlane;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's static files over a raw socket (no client normalises the paths): each carries the
 * Content-Security-Policy and nosniff headers, and no path under {@code /console} reaches anything but them.
 */
class ConsoleStaticFilesTest {
    @TempDir
    static Path dataDir;
    private static ControlPlane plane;

    @BeforeAll
    static void start() {
        plane = ApiTestSupport.startControlPlane(dataDir, Map.of());
    }

    @AfterAll
    static void stop() {
        plane.close();
    }

    /** The whole response to {@code GET target} on a new connection. */
    private static String get(String target) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", plane.apiAddress().getPort())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String head(String response) {
        return response.substring(0, response.indexOf("\r\n\r\n")).toLowerCase(java.util.Locale.ROOT);
    }

    @Test
    void everyFileCarriesTheContentSecurityPolicyAndNosniff() throws IOException {
        for (String[] file : new String[][] {{"/console", "text/html"}, {"/console/", "text/html"},
                {"/console/console.js", "text/javascript"}, {"/console/sigv4.js", "text/javascript"},
                {"/console/console.css", "text/css"}}) {
            String response = get(file[0]);
            assertThat(response).as(file[0]).startsWith("HTTP/1.1 200 ");
            assertThat(head(response)).as(file[0])
                    .contains("content-type: " + file[1] + "; charset=utf-8")
                    .contains("x-content-type-options: nosniff")
                    .contains("content-security-policy: default-src 'none'; script-src 'self'; style-src 'self';")
                    .doesNotContain("unsafe-inline");
        }
        assertThat(get("/console/")).contains("<script type=\"module\" src=\"/console/console.js\"></script>")
                .doesNotContain("<script>");
    }

    @Test
    void noPathUnderTheConsoleReachesAnotherResourceOrFile() throws IOException {
        String[] escapes = {"/console/../../../../etc/passwd", "/console/..%2f..%2f..%2f..%2fetc%2fpasswd",
            "/console/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/console/..\\..\\pom.xml", "/console//etc/passwd",
            "/console/./console.js/../../logback.xml", "/console/logback.xml", "/console/META-INF/MANIFEST.MF",
            "/console/dev/ballast/api/console/ConsoleFiles.class", "/console/ConsoleFiles.class",
            "/console/%63onsole.js", "/console/console.js%00.html", "/console/index.html/", "/console/.."};
        for (String path : escapes) {
            String response = get(path);
            assertThat(response).as(path).startsWith("HTTP/1.1 404 ");
            assertThat(head(response)).as(path).contains("x-content-type-options: nosniff")
                    .contains("content-type: text/plain");
            assertThat(response).as(path).doesNotContain("root:").doesNotContain("<configuration")
                    .doesNotContain("Manifest-Version").doesNotContain("import ");
        }
        // outside /console a path is an API request as before, never a file
        assertThat(get("/etc/passwd")).startsWith("HTTP/1.1 400 ").doesNotContain("root:");
    }
}
