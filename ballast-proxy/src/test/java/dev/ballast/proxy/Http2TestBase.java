package dev.ballast.proxy;

import dev.ballast.core.model.Action;
import dev.ballast.core.model.Listener;
import dev.ballast.core.model.Protocol;
import dev.ballast.core.model.Rule;
import dev.ballast.core.model.TargetGroup;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

/** Starts a proxy with one HTTP listener and a {@link TlsFrontEnd} (ALPN h2, http/1.1) serving its configuration. */
abstract class Http2TestBase extends ProxyTestBase {
    @TempDir
    Path dir;
    /** The HTTP listener whose configuration the TLS front end serves (what {@code #{port}} names). */
    protected int listenerPort;

    protected TlsFrontEnd front(Map<String, String> lbAttributes, List<Rule> rules, TargetGroup group) throws Exception {
        listenerPort = Fixtures.freePort();
        Listener listener = new Listener(Fixtures.LISTENER_ARN, Fixtures.LB_ARN, Protocol.HTTP, listenerPort,
                Action.Forward.to(group.arn()), rules, Map.of());
        start(Fixtures.snapshot(1, lbAttributes, listener, group));
        TlsFrontEnd front = new TlsFrontEnd(proxy, Fixtures.LISTENER_ARN,
                TestCertificate.create(dir, "a.example", "b.example"));
        closeables.add(front);
        return front;
    }

    protected static String url(TlsFrontEnd front, String host, String path) {
        return "https://" + host + ":" + front.address().getPort() + path;
    }

    protected static String resolve(TlsFrontEnd front, String host) {
        return host + ":" + front.address().getPort() + ":127.0.0.1";
    }

    protected TlsFrontEnd front(TargetGroup group) throws Exception {
        return front(Map.of(), List.of(), group);
    }

    /** Fetches {@code path} with curl over HTTP/2 and returns the status code curl saw. */
    protected static String curlStatus(TlsFrontEnd front, String path) throws Exception {
        CommandLine.Result curl = CommandLine.run(30, "curl", "-s", "-k", "--http2", "-o", "/dev/null", "-w",
                "%{http_code} %{http_version}", url(front, "127.0.0.1", path));
        return curl.output();
    }
}
