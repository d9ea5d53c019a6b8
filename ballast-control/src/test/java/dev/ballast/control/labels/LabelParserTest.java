package dev.ballast.control.labels;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The label grammar: seed 004's exact label, the errors users see, and properties over random input. */
class LabelParserTest {
    private static final long SEED = 0x5eed004L;

    @Test
    void seed004LabelParsesAsWritten() {
        ContainerLabels parsed = LabelParser.parse(Map.of("aliyun.lb.port_6379", "tcp://slb_redis_app:6379",
                "maintainer", "someone"));
        assertThat(parsed.errors()).isEmpty();
        assertThat(parsed.ports()).containsExactly(new PortLabel("aliyun.lb.port_6379", "tcp://slb_redis_app:6379",
                6379, LabelScheme.TCP, "slb_redis_app", 6379));
        assertThat(parsed.tuning()).isEqualTo(LabelTuning.NONE);
    }

    @Test
    void loadBalancerMayBeAnArnWithColons() {
        String arn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web-lb/50dc6c495c0c9188";
        PortLabel port = LabelParser.parse(Map.of("ballast.lb.port_80", "HTTP://" + arn + ":8080")).ports().get(0);
        assertThat(port.loadBalancer()).isEqualTo(arn);
        assertThat(port.scheme()).isEqualTo(LabelScheme.HTTP);
        assertThat(port.frontPort()).isEqualTo(8080);
    }

    @Test
    void tuningKeysAreRead() {
        ContainerLabels parsed = LabelParser.parse(Map.of(
                "ballast.lb.healthcheck.path", "/health", "ballast.lb.healthcheck.port", "8081",
                "ballast.lb.healthcheck.interval", "10", "ballast.lb.healthcheck.healthy_threshold", "2",
                "ballast.lb.healthcheck.unhealthy_threshold", "3", "ballast.lb.deregistration_delay", "0",
                "ballast.lb.protocol_version", "HTTP2", "ballast.lb.https.domain", "web.example.test"));
        assertThat(parsed.errors()).isEmpty();
        assertThat(parsed.tuning()).isEqualTo(new LabelTuning("/health", "8081", 10, 2, 3, 0, "HTTP2",
                "web.example.test"));
        assertThat(parsed.tuning().healthCheck().timeout()).isEqualTo(5);
        assertThat(parsed.tuning().attributes()).containsEntry("deregistration_delay.timeout_seconds", "0");
    }

    @Test
    void malformedLabelsSayWhatWasExpected() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("ballast.lb.port_80", "ftp://web:80");
        labels.put("ballast.lb.port_0", "http://web:80");
        labels.put("aliyun.lb.port_81", "http://web");
        labels.put("aliyun.lb.port_82", "http://web:70000");
        labels.put("aliyun.lb.port_83", "http://:80");
        labels.put("aliyun.lb.port_84", "web:80");
        labels.put("ballast.lb.weight", "3");
        labels.put("ballast.lb.healthcheck.path", "health");
        labels.put("ballast.lb.https.domain", " ");
        Map<String, String> problems = new LinkedHashMap<>();
        LabelParser.parse(labels).errors().forEach(e -> problems.put(e.key(), e.problem()));
        assertThat(problems).containsExactlyInAnyOrderEntriesOf(Map.of(
                "ballast.lb.port_80", "scheme: ftp (expected: http, https, tcp or udp)",
                "ballast.lb.port_0", "container port: 0 (expected: ballast.lb.port_<1-65535>)",
                "aliyun.lb.port_81", "front port: missing (expected: <scheme>://<load balancer>:<front port>)",
                "aliyun.lb.port_82", "front port: 70000 (expected: 1-65535)",
                "aliyun.lb.port_83", "load balancer: missing (expected: <scheme>://<load balancer>:<front port>, "
                        + "naming it by name, ARN, id or Name tag)",
                "aliyun.lb.port_84", "value: web:80 (expected: <scheme>://<load balancer>:<front port>)",
                "ballast.lb.weight", "key: ballast.lb.weight (expected: ballast.lb.port_<container port> or one of "
                        + "ballast.lb.healthcheck.path, ballast.lb.healthcheck.port, ballast.lb.healthcheck.interval, "
                        + "ballast.lb.healthcheck.healthy_threshold, ballast.lb.healthcheck.unhealthy_threshold, "
                        + "ballast.lb.deregistration_delay, ballast.lb.protocol_version, ballast.lb.https.domain)",
                "ballast.lb.healthcheck.path", "health check path: health (expected: a path of 1-1024 visible "
                        + "characters beginning with /)",
                "ballast.lb.https.domain", "https domain: missing (expected: a domain name such as www.example.com)"));
    }

    @Test
    void randomLabelsNeverThrowAndEveryProviderLabelIsAccountedFor() {
        Random random = new Random(SEED);
        String[] keys = {"aliyun.lb.port_", "ballast.lb.port_", "ballast.lb.", "ballast.lb.healthcheck.", "other."};
        String alphabet = "0123456789:/.-_ahtpsucdHTPS\u00e9\u0000 \t\n%";
        for (int i = 0; i < 20_000; i++) {
            Map<String, String> labels = new LinkedHashMap<>();
            int n = random.nextInt(4);
            for (int j = 0; j < n; j++) {
                labels.put(keys[random.nextInt(keys.length)] + noise(random, alphabet, 6), noise(random, alphabet, 30));
            }
            ContainerLabels parsed = LabelParser.parse(labels);
            long provider = labels.keySet().stream().filter(LabelParser::isProviderLabel).count();
            long tuningOk = provider - parsed.ports().size() - parsed.errors().size();
            assertThat(tuningOk).as("labels %s", labels).isBetween(0L, (long) LabelParser.TUNING_KEYS.size());
            for (PortLabel p : parsed.ports()) {
                assertThat(p.containerPort()).isBetween(1, 65535);
                assertThat(p.frontPort()).isBetween(1, 65535);
                assertThat(p.loadBalancer()).isNotBlank();
            }
            for (LabelError e : parsed.errors()) {
                assertThat(e.problem()).contains("(expected: ").doesNotContain("\u0000", "\n");
            }
        }
    }

    @Test
    void wellFormedLabelsRoundTrip() {
        Random random = new Random(SEED + 1);
        List<String> names = List.of("slb_redis_app", "web-lb", "a", "net/x/1234", "arn:aws:x:y:z:loadbalancer/net/n/1");
        for (int i = 0; i < 5_000; i++) {
            LabelScheme scheme = LabelScheme.values()[random.nextInt(LabelScheme.values().length)];
            int containerPort = 1 + random.nextInt(65535);
            int front = 1 + random.nextInt(65535);
            String lb = names.get(random.nextInt(names.size()));
            String key = (random.nextBoolean() ? "aliyun" : "ballast") + ".lb.port_" + containerPort;
            String value = scheme.wire() + "://" + lb + ":" + front;
            ContainerLabels parsed = LabelParser.parse(Map.of(key, value));
            assertThat(parsed.errors()).isEmpty();
            assertThat(parsed.ports()).containsExactly(new PortLabel(key, value, containerPort, scheme, lb, front));
        }
    }

    private static String noise(Random random, String alphabet, int max) {
        StringBuilder out = new StringBuilder();
        int length = random.nextInt(max + 1);
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }
}
