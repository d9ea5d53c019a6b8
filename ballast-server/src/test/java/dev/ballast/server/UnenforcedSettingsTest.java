package dev.ballast.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.core.model.ConfigSnapshot;
import dev.ballast.core.model.UnenforcedSettings;
import dev.ballast.server.config.ConfigFileLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Settings that are stored but not enforced: logged when a configuration file sets them, and listed in the docs. */
class UnenforcedSettingsTest {
    private static final Path API_DOC = Path.of("..", "docs", "api.md");

    @Test
    void aConfigFileSettingIsLoggedOnStderrOnceAndAgainOnlyWhenAReloadChangesIt(@TempDir Path dir) throws Exception {
        int port = Http.freePort();
        Path file = dir.resolve("lb.yaml");
        Files.writeString(file, file(port, "my-logs"));
        try (BallastProcess server = BallastProcess.start(dir, "server", "server", "--config", file.toString())) {
            server.awaitStdout(out -> out.contains("kill -HUP"), Duration.ofSeconds(30));
            String err = server.awaitStderr(e -> e.contains("stickiness.app_cookie.duration_seconds"),
                    Duration.ofSeconds(30));
            assertThat(err).contains("WARN  d.b.s.UnenforcedSettingsLog - load balancer lb: "
                    + "access_logs.s3.enabled=true (access logs are written under --data-dir, which ballast server "
                    + "--config does not have) is stored but not enforced "
                    + "(see docs/api.md)");
            assertThat(err).contains("target group web: load_balancing.cross_zone.enabled=true");
            assertThat(err).doesNotContain("idle_timeout");

            Files.writeString(file, file(port, "other-logs"));
            server.signal("HUP");
            server.awaitStdout(out -> out.contains("configuration revision 2"), Duration.ofSeconds(30));
            String after = server.awaitStderr(e -> e.contains("access_logs.s3.bucket=other-logs"),
                    Duration.ofSeconds(30));
            assertThat(count(after, "access_logs.s3.enabled=true")).as("an unchanged setting is not logged again")
                    .isEqualTo(1);
        }
    }

    @Test
    void anHttpsListenerIsServedAndNotLoggedAsUnenforced() {
        List<String> lines = new ArrayList<>();
        UnenforcedSettingsLog log = new UnenforcedSettingsLog(lines::add, false);
        ConfigSnapshot plain = new ConfigFileLoader().parse("""
                loadBalancers: [{name: lb, listeners: [{port: 80, defaultAction: {forward: web}}]}]
                targetGroups: [{name: web, port: 80, attributes: {slow_start.duration_seconds: 30}}]
                """);
        log.apply(plain);
        assertThat(lines).isEmpty();

        var listener = plain.listeners().values().iterator().next();
        var https = new dev.ballast.core.model.Listener(listener.arn(), listener.loadBalancerArn(),
                dev.ballast.core.model.Protocol.HTTPS, 443, listener.defaultAction(), List.of(), java.util.Map.of());
        log.apply(new ConfigSnapshot(2, plain.loadBalancers().values(), List.of(https), plain.targetGroups().values()));
        assertThat(lines).isEmpty();
    }

    @Test
    void docsApiListsEverySettingThatIsStoredButNotEnforced() throws Exception {
        String doc = Files.readString(API_DOC);
        String section = doc.substring(doc.indexOf("## Stored but not enforced"));
        Stream.of(UnenforcedSettings.LOAD_BALANCER, UnenforcedSettings.TARGET_GROUP, UnenforcedSettings.LISTENER,
                        List.of(UnenforcedSettings.ACCESS_LOGS_WITHOUT_DATA_DIR))
                .flatMap(List::stream)
                .forEach(setting -> assertThat(section).as("docs/api.md lists " + setting.key())
                        .contains("`" + setting.key()));
    }

    private static String file(int port, String bucket) {
        return """
                loadBalancers:
                  - name: lb
                    bindAddress: 127.0.0.1
                    attributes: {access_logs.s3.enabled: "true", access_logs.s3.bucket: %s, idle_timeout.timeout_seconds: 120}
                    listeners: [{port: %d, defaultAction: {forward: web}}]
                targetGroups:
                  - name: web
                    port: 80
                    attributes: {load_balancing.cross_zone.enabled: "true", stickiness.app_cookie.duration_seconds: 60}
                """.formatted(bucket, port);
    }

    private static int count(String text, String part) {
        return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
    }
}
