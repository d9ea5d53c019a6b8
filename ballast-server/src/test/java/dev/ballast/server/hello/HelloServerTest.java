package dev.ballast.server.hello;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.server.Http;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class HelloServerTest {
    @Test
    void answersEveryPathWithTheHelloPageShowingTaskIdAndHostname() throws Exception {
        try (HelloServer hello = HelloServer.start(new InetSocketAddress("127.0.0.1", 0), "task-7")) {
            String base = "http://127.0.0.1:" + hello.address().getPort();
            for (String path : new String[] {"/", "/some/where?x=1"}) {
                HttpResponse<String> response = Http.get(base + path, null);
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
                assertThat(response.body()).contains("<h1>Hello world!</h1>");
                assertThat(Http.taskId(response.body())).isEqualTo("task-7");
                assertThat(response.body()).contains("<span id=\"hostname\">" + Hostname.local() + "</span>");
            }
        }
    }

    @Test
    void answersTheHealthPathWith200() throws Exception {
        try (HelloServer hello = HelloServer.start(new InetSocketAddress("127.0.0.1", 0), "a1")) {
            HttpResponse<String> response = Http.get("http://127.0.0.1:" + hello.address().getPort()
                    + HelloServer.HEALTH_PATH, null);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("OK\n");
        }
    }

    @Test
    void stopsListeningWhenClosed() throws Exception {
        HelloServer hello = HelloServer.start(new InetSocketAddress("127.0.0.1", 0), "a1");
        int port = hello.address().getPort();
        assertThat(Http.accepts(port)).isTrue();
        hello.close();
        assertThat(Http.accepts(port)).isFalse();
    }

    @Test
    void escapesTheTaskIdInThePage() {
        assertThat(HelloPage.render("<b>&", "host")).contains("&lt;b&gt;&amp;").doesNotContain("<b>&");
    }
}
