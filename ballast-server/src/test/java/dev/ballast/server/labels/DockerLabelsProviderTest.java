package dev.ballast.server.labels;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.control.docker.DockerEngineExtension;
import dev.ballast.control.labels.LabelStatus;
import dev.ballast.proxy.Await;
import dev.ballast.proxy.tls.CommandLine;
import dev.ballast.server.Http;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.acm.AcmClient;
import software.amazon.awssdk.services.acm.model.CertificateType;
import software.amazon.awssdk.services.acm.model.KeyAlgorithm;
import software.amazon.awssdk.services.elasticloadbalancing.ElasticLoadBalancingClient;
import software.amazon.awssdk.services.elasticloadbalancing.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Tag;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetTypeEnum;

/**
 * The Docker labels provider against a real dockerd (one per class) and a real server: labelled busybox httpd
 * containers become targets that serve through real listeners, and leave when they stop.
 */
class DockerLabelsProviderTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    @RegisterExtension
    static final DockerEngineExtension DOCKER = new DockerEngineExtension();

    @TempDir
    Path dataDir;
    private LabelsFixture server;

    @BeforeEach
    void startServer() {
        server = new LabelsFixture(DOCKER.engine(), dataDir);
    }

    @AfterEach
    void stopServer() throws Exception {
        server.close();
    }

    private String createLoadBalancer(String name, LoadBalancerTypeEnum type, Tag... tags) {
        return server.api.elb().createLoadBalancer(b -> b.name(name).type(type).subnets("subnet-0ba11a5700000000a").tags(tags))
                .loadBalancers().get(0).loadBalancerArn();
    }

    private List<String> targetsOrNoneWhenGone(String tgArn) {
        try {
            return targets(tgArn);
        } catch (software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupNotFoundException e) {
            return List.of();
        }
    }

    private List<String> targets(String tgArn) {
        return server.api.elb().describeTargetHealth(b -> b.targetGroupArn(tgArn)).targetHealthDescriptions().stream()
                .filter(d -> d.targetHealth().stateAsString().matches("initial|healthy|unhealthy|unused|unavailable"))
                .map(d -> d.target().id() + ":" + d.target().port()).toList();
    }

    private static String body(int port) {
        try {
            var response = Http.get("http://127.0.0.1:" + port + "/", null);
            return response.statusCode() == 200 ? response.body().strip() : "HTTP " + response.statusCode();
        } catch (Exception e) {
            return e.toString();
        }
    }

    @Test
    void httpLabelCreatesTaggedListenerServesAndLeavesWithTheContainer() throws Exception {
        String lb = createLoadBalancer("web-lb", LoadBalancerTypeEnum.APPLICATION);
        int port = Http.freePort();

        long run = System.nanoTime();
        server.runHttpd("web1", "--label", "ballast.lb.port_80=http://web-lb:" + port,
                "--label", "ballast.lb.deregistration_delay=0", "--label", "ballast.lb.healthcheck.interval=5",
                "--label", "ballast.lb.healthcheck.healthy_threshold=2");

        Await.until("web1 registered", WAIT, () -> server.inState("web1", "registered"));
        long registered = System.nanoTime();
        Await.until("web1 answers through the listener", WAIT, () -> body(port).equals("web1"));
        long served = System.nanoTime();
        LabelStatus status = server.status("web1").orElseThrow();
        assertThat(status.loadBalancer()).isEqualTo(lb);
        assertThat(status.target()).startsWith(DOCKER.engine().subnetPrefix() + ".").endsWith(":80");
        var listener = server.api.elb().describeListeners(b -> b.loadBalancerArn(lb)).listeners().get(0);
        assertThat(listener.port()).isEqualTo(port);
        assertThat(listener.protocol()).isEqualTo(ProtocolEnum.HTTP);
        String tg = listener.defaultActions().get(0).targetGroupArn();
        assertThat(tg).isEqualTo(status.targetGroupArn());
        assertThat(targets(tg)).containsExactly(status.target());
        Map<String, Map<String, String>> tags = server.api.elb().describeTags(b -> b.resourceArns(listener
                .listenerArn(), tg)).tagDescriptions().stream().collect(Collectors.toMap(d -> d.resourceArn(),
                d -> d.tags().stream().collect(Collectors.toMap(Tag::key, Tag::value))));
        assertThat(tags.get(listener.listenerArn())).containsEntry("ballast:created-by", "docker-labels");
        assertThat(tags.get(tg)).containsEntry("ballast:created-by", "docker-labels");
        assertThat(server.api.elb().describeTargetGroupAttributes(b -> b.targetGroupArn(tg)).attributes())
                .anyMatch(a -> a.key().equals("deregistration_delay.timeout_seconds") && a.value().equals("0"));

        long stop = System.nanoTime();
        DOCKER.engine().docker("stop", "-t", "1", "web1");

        // with a deregistration delay of 0 the provider may remove the group as soon as its target has left
        Await.until("web1 deregistered", WAIT, () -> targetsOrNoneWhenGone(tg).isEmpty());
        System.out.printf("LABELS docker run -> registered %d ms, -> first served request %d ms; "
                + "docker stop -> deregistered %d ms%n", (registered - run) / 1_000_000, (served - run) / 1_000_000,
                (System.nanoTime() - stop) / 1_000_000);
        Await.until("the listener and group the provider created are removed", WAIT, () ->
                server.api.elb().describeListeners(b -> b.loadBalancerArn(lb)).listeners().isEmpty()
                        && server.api.elb().describeTargetGroups().targetGroups().isEmpty());
        Await.until("web1 shown stopped", WAIT, () -> server.inState("web1", "stopped"));
    }

    @Test
    void seed004LabelWaitsForItsLoadBalancerThenAttachesByNameTagOnThePublishedPort() throws Exception {
        int front = Http.freePort();
        server.runHttpd("redis-like", "-p", "127.0.0.1::80",
                "--label", "aliyun.lb.port_80=tcp://slb_redis_app:" + front);
        String published = DOCKER.engine().docker("port", "redis-like", "80/tcp").strip();
        int hostPort = Integer.parseInt(published.substring(published.lastIndexOf(':') + 1));

        Await.until("waiting for the load balancer", WAIT,
                () -> server.inState("redis-like", "waiting: load balancer slb_redis_app not found"));
        assertThat(server.api.elb().describeTargetGroups().targetGroups()).isEmpty();

        String lb = createLoadBalancer("redis-lb", LoadBalancerTypeEnum.NETWORK,
                Tag.builder().key("Name").value("slb_redis_app").build());

        Await.until("registered on the published port", WAIT, () -> server.inState("redis-like", "registered"));
        LabelStatus status = server.status("redis-like").orElseThrow();
        assertThat(status.loadBalancer()).isEqualTo(lb);
        assertThat(status.target()).isEqualTo("127.0.0.1:" + hostPort);
        var listener = server.api.elb().describeListeners(b -> b.loadBalancerArn(lb)).listeners().get(0);
        assertThat(listener.protocol()).isEqualTo(ProtocolEnum.TCP);
        assertThat(listener.port()).isEqualTo(front);
        Await.until("a TCP exchange through the NLB reaches the container", WAIT,
                () -> rawHttpThroughTcp(front).contains("redis-like"));
    }

    /** An HTTP/1.0 request over a raw TCP connection (the NLB does not speak HTTP), or the failure. */
    private static String rawHttpThroughTcp(int port) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII));
            return in.lines().collect(Collectors.joining("\n"));
        } catch (Exception e) {
            return e.toString();
        }
    }

    @Test
    void malformedLabelsAreReportedWithWhatWasExpectedAndChangeNothing() throws Exception {
        String lb = createLoadBalancer("web-lb", LoadBalancerTypeEnum.APPLICATION);
        server.runHttpd("bad", "--label", "ballast.lb.port_80=ftp://web-lb:80",
                "--label", "ballast.lb.port_70000=http://web-lb:80",
                "--label", "aliyun.lb.port_81=http://web-lb",
                "--label", "ballast.lb.port_82=tcp://web-lb:9000",
                "--label", "ballast.lb.healthcheck.interval=1");

        Await.until("five labels reported", WAIT, () -> server.statuses("bad").size() == 5);
        Map<String, String> states = server.statuses("bad").stream()
                .collect(Collectors.toMap(LabelStatus::key, LabelStatus::state));
        assertThat(states).containsEntry("ballast.lb.port_80", "error: scheme: ftp (expected: http, https, tcp or udp)")
                .containsEntry("ballast.lb.port_70000",
                        "error: container port: 70000 (expected: ballast.lb.port_<1-65535>)")
                .containsEntry("aliyun.lb.port_81",
                        "error: front port: missing (expected: <scheme>://<load balancer>:<front port>)")
                .containsEntry("ballast.lb.port_82", "error: load balancer web-lb is a application load balancer "
                        + "(expected: a network load balancer for tcp://)")
                .containsEntry("ballast.lb.healthcheck.interval",
                        "error: health check interval: 1 (expected: 5-300 seconds)");
        assertThat(server.api.elb().describeListeners(b -> b.loadBalancerArn(lb)).listeners()).isEmpty();
        assertThat(server.api.elb().describeTargetGroups().targetGroups()).isEmpty();
    }

    @Test
    void containerWithAHealthCheckIsRegisteredOnlyOnceHealthy() throws Exception {
        createLoadBalancer("web-lb", LoadBalancerTypeEnum.APPLICATION);
        int port = Http.freePort();
        server.runHttpd("slow", "--label", "ballast.lb.port_80=http://web-lb:" + port,
                "--health-cmd", "test -f /tmp/ready", "--health-interval", "1s", "--health-retries", "1000");

        Await.until("waiting for health", WAIT, () -> server.inState("slow", "waiting: health starting"));
        String tg = server.status("slow").orElseThrow().targetGroupArn();
        assertThat(targets(tg)).isEmpty();

        DOCKER.engine().docker("exec", "slow", "touch", "/tmp/ready");

        Await.until("registered once healthy", WAIT, () -> server.inState("slow", "registered"));
        assertThat(targets(tg)).containsExactly(server.status("slow").orElseThrow().target());
    }

    @Test
    void restartKeepsRunningContainersRegisteredAndRemovesVanishedOnesButNeverHandRegisteredTargets()
            throws Exception {
        String lb = createLoadBalancer("app-lb", LoadBalancerTypeEnum.APPLICATION);
        String tg = server.api.elb().createTargetGroup(b -> b.name("app").protocol(ProtocolEnum.HTTP).port(80)
                .targetType(TargetTypeEnum.IP)).targetGroups().get(0).targetGroupArn();
        int port = Http.freePort();
        server.api.elb().createListener(b -> b.loadBalancerArn(lb).protocol(ProtocolEnum.HTTP).port(port)
                .defaultActions(Action.builder().type(ActionTypeEnum.FORWARD).targetGroupArn(tg).build()));
        server.api.elb().registerTargets(b -> b.targetGroupArn(tg).targets(TargetDescription.builder()
                .id("127.0.0.1").port(1).build()));
        server.runHttpd("stays", "--label", "ballast.lb.port_80=http://app-lb:" + port);
        server.runHttpd("vanishes", "--label", "ballast.lb.port_80=http://app-lb:" + port);
        Await.until("both registered in the user's group", WAIT,
                () -> server.inState("stays", "registered") && server.inState("vanishes", "registered"));
        String stays = server.status("stays").orElseThrow().target();
        String vanishes = server.status("vanishes").orElseThrow().target();
        assertThat(targets(tg)).containsExactlyInAnyOrder("127.0.0.1:1", stays, vanishes);

        server.stop();
        server.remove("vanishes");
        server.start();

        // From the first look after the restart until the provider has caught up, the survivor is always registered.
        Await.until("the vanished container's target removed", WAIT, () -> {
            List<String> now = targets(tg);
            assertThat(now).contains(stays, "127.0.0.1:1");
            return !now.contains(vanishes);
        });
        Await.until("the survivor shown registered", WAIT, () -> server.inState("stays", "registered"));
        assertThat(targets(tg)).containsExactlyInAnyOrder("127.0.0.1:1", stays);
        assertThat(server.api.elb().describeListeners(b -> b.loadBalancerArn(lb)).listeners()).hasSize(1);
    }

    @Test
    void classicLoadBalancerGetsTheContainerAsAnInstanceOnAListenerItCreates() throws Exception {
        try (ElasticLoadBalancingClient classic = pointedAtServer(ElasticLoadBalancingClient.builder()).build()) {
            int existing = Http.freePort();
            int front = Http.freePort();
            classic.createLoadBalancer(b -> b.loadBalancerName("classic-web").availabilityZones("us-east-1a")
                    .listeners(Listener.builder().protocol("HTTP").loadBalancerPort(existing)
                            .instanceProtocol("HTTP").instancePort(8080).build()));
            classic.configureHealthCheck(b -> b.loadBalancerName("classic-web").healthCheck(h -> h.target("TCP:80")
                    .interval(5).timeout(2).healthyThreshold(2).unhealthyThreshold(2)));

            server.runHttpd("classic1", "--label", "ballast.lb.port_80=http://classic-web:" + front);

            Await.until("classic1 registered", WAIT, () -> server.inState("classic1", "registered"));
            String instance = server.status("classic1").orElseThrow().target();
            assertThat(instance).startsWith(DOCKER.engine().subnetPrefix() + ".").endsWith(":80");
            assertThat(classic.describeInstanceHealth(b -> b.loadBalancerName("classic-web")).instanceStates())
                    .extracting(i -> i.instanceId()).containsExactly(instance);
            assertThat(classic.describeLoadBalancers(b -> b.loadBalancerNames("classic-web"))
                    .loadBalancerDescriptions().get(0).listenerDescriptions())
                    .extracting(l -> l.listener().loadBalancerPort()).containsExactlyInAnyOrder(existing, front);
            Await.until("classic1 answers through the created listener", WAIT, () -> body(front).equals("classic1"));

            DOCKER.engine().docker("stop", "-t", "1", "classic1");

            Await.until("the instance deregistered and the created listener deleted", WAIT, () -> {
                var lb = classic.describeLoadBalancers(b -> b.loadBalancerNames("classic-web"))
                        .loadBalancerDescriptions().get(0);
                return lb.instances().isEmpty() && lb.listenerDescriptions().size() == 1
                        && lb.listenerDescriptions().get(0).listener().loadBalancerPort() == existing;
            });
        }
    }

    @Test
    void aReloadSignalKeepsTheContainerRegisteredWhileDockerStopDeregistersAtTheKill() throws Exception {
        String lb = createLoadBalancer("web-lb", LoadBalancerTypeEnum.APPLICATION);
        int port = Http.freePort();
        String label = "ballast.lb.port_80=http://web-lb:" + port;
        server.runHttpd("reloads", "--label", label);
        Await.until("reloads registered", WAIT, () -> server.inState("reloads", "registered"));
        String tg = server.status("reloads").orElseThrow().targetGroupArn();

        DOCKER.engine().docker("kill", "-s", "HUP", "reloads");
        // A later container registering shows the provider has handled the kill event before it.
        server.runHttpd("witness", "--label", label);
        Await.until("witness registered", WAIT, () -> server.inState("witness", "registered"));

        assertThat(server.status("reloads").orElseThrow().state()).isEqualTo("registered");
        assertThat(targets(tg)).contains(server.status("reloads").orElseThrow().target());
        assertThat(server.api.elb().describeListeners(b -> b.loadBalancerArn(lb)).listeners()).hasSize(1);
    }

    @Test
    void httpsLabelGetsARequestedCertificateAndAnHttpsListenerThatAreDeletedWithTheContainer() throws Exception {
        String lb = createLoadBalancer("web-lb", LoadBalancerTypeEnum.APPLICATION);
        String dnsName = server.api.elb().describeLoadBalancers(b -> b.loadBalancerArns(lb)).loadBalancers().get(0)
                .dnsName();
        int port = Http.freePort();
        try (AcmClient acm = pointedAtServer(AcmClient.builder()).build()) {
            server.runHttpd("secure1", "--label", "ballast.lb.port_80=https://web-lb:" + port,
                    "--label", "ballast.lb.deregistration_delay=0",
                    "--label", "ballast.lb.https.domain=web.labels.test");

            Await.until("secure1 registered", WAIT, () -> server.inState("secure1", "registered"));
            var listener = server.api.elb().describeListeners(b -> b.loadBalancerArn(lb)).listeners().get(0);
            assertThat(listener.protocol()).isEqualTo(ProtocolEnum.HTTPS);
            assertThat(listener.port()).isEqualTo(port);
            assertThat(listener.sslPolicy()).isEqualTo("ELBSecurityPolicy-2016-08");
            String certificate = listener.certificates().get(0).certificateArn();
            String tg = listener.defaultActions().get(0).targetGroupArn();
            assertThat(server.api.elb().describeTargetGroups(b -> b.targetGroupArns(tg)).targetGroups().get(0)
                    .protocol()).isEqualTo(ProtocolEnum.HTTP);
            assertProviderCertificate(acm, certificate, dnsName, listener.listenerArn());
            assertThat(acm.describeCertificate(b -> b.certificateArn(certificate)).certificate()
                    .subjectAlternativeNames()).containsExactly(dnsName, "web.labels.test");
            assertThat(server.api.elb().describeTags(b -> b.resourceArns(listener.listenerArn())).tagDescriptions()
                    .get(0).tags()).anyMatch(t -> t.key().equals("ballast:created-by")
                    && t.value().equals("docker-labels"));

            Path chain = chainOf(acm, certificate, dataDir);
            Await.until("secure1 answers over HTTPS with the requested certificate", WAIT,
                    () -> curlHttps(dnsName, port, chain).equals("secure1"));
            assertThat(curlHttps("web.labels.test", port, chain)).isEqualTo("secure1");
            assertThat(curlHttps("other.labels.test", port, chain)).as("a name the certificate does not cover")
                    .startsWith("curl ");

            server.remove("secure1");

            Await.until("listener, group and certificate the provider created are deleted", WAIT, () ->
                    server.api.elb().describeListeners(b -> b.loadBalancerArn(lb)).listeners().isEmpty()
                            && server.api.elb().describeTargetGroups().targetGroups().isEmpty()
                            && noCertificates(acm));
        }
    }

    @Test
    void anHttpsDomainAcmRefusesIsReportedWithAcmsMessageAndCreatesNothing() throws Exception {
        String lb = createLoadBalancer("web-lb", LoadBalancerTypeEnum.APPLICATION);
        int port = Http.freePort();
        try (AcmClient acm = pointedAtServer(AcmClient.builder()).build()) {
            server.runHttpd("badname", "--label", "ballast.lb.port_80=https://web-lb:" + port,
                    "--label", "ballast.lb.https.domain=no_such..name");

            Await.until("the refusal reported", WAIT, () -> server.inState("badname", "error: creating the listener "
                    + "HTTPS:" + port + " on web-lb: SubjectAlternativeNames: no_such..name (expected: a fully "
                    + "qualified domain name of at most 253 characters, such as www.example.com or *.example.com)"));
            assertThat(server.api.elb().describeListeners(b -> b.loadBalancerArn(lb)).listeners()).isEmpty();
            assertThat(server.api.elb().describeTargetGroups().targetGroups()).isEmpty();
            assertThat(noCertificates(acm)).isTrue();
        }
    }

    @Test
    void httpsLabelOnAClassicLoadBalancerGetsAnHttpsListenerWithARequestedCertificate() throws Exception {
        try (ElasticLoadBalancingClient classic = pointedAtServer(ElasticLoadBalancingClient.builder()).build();
             AcmClient acm = pointedAtServer(AcmClient.builder()).build()) {
            int front = Http.freePort();
            int existing = Http.freePort();
            String dnsName = classic.createLoadBalancer(b -> b.loadBalancerName("classic-tls")
                    .availabilityZones("us-east-1a")
                    .listeners(Listener.builder().protocol("HTTP").loadBalancerPort(existing)
                            .instanceProtocol("HTTP").instancePort(8080).build())).dnsName();
            classic.configureHealthCheck(b -> b.loadBalancerName("classic-tls").healthCheck(h -> h.target("TCP:80")
                    .interval(5).timeout(2).healthyThreshold(2).unhealthyThreshold(2)));

            server.runHttpd("classic-tls1", "--label", "ballast.lb.port_80=https://classic-tls:" + front);

            Await.until("classic-tls1 registered", WAIT, () -> server.inState("classic-tls1", "registered"));
            var created = classic.describeLoadBalancers(b -> b.loadBalancerNames("classic-tls"))
                    .loadBalancerDescriptions().get(0).listenerDescriptions().stream()
                    .map(d -> d.listener()).filter(l -> l.loadBalancerPort() == front).findFirst().orElseThrow();
            assertThat(created.protocol()).isEqualTo("HTTPS");
            assertThat(created.instanceProtocol()).isEqualTo("HTTP");
            String certificate = created.sslCertificateId();
            assertProviderCertificate(acm, certificate, dnsName, server.plane.classic().arn("classic-tls"));

            Path chain = chainOf(acm, certificate, dataDir);
            Await.until("classic-tls1 answers over HTTPS with the requested certificate", WAIT,
                    () -> curlHttps(dnsName, front, chain).equals("classic-tls1"));

            server.remove("classic-tls1");

            Await.until("the created listener and its certificate are deleted", WAIT, () ->
                    classic.describeLoadBalancers(b -> b.loadBalancerNames("classic-tls")).loadBalancerDescriptions()
                            .get(0).listenerDescriptions().size() == 1 && noCertificates(acm));
        }
    }

    /** {@code builder} pointed at the test's server, in us-east-1 with test credentials. */
    private <B extends AwsClientBuilder<B, ?>> B pointedAtServer(B builder) {
        return builder.endpointOverride(URI.create("http://127.0.0.1:" + server.plane.apiAddress().getPort()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")));
    }

    /** GetCertificate's chain of {@code certificate} (what clients trust), written to a file under {@code dir}. */
    private static Path chainOf(AcmClient acm, String certificate, Path dir) throws Exception {
        Path chain = dir.resolve("chain-" + certificate.substring(certificate.lastIndexOf('/') + 1) + ".pem");
        Files.writeString(chain, acm.getCertificate(b -> b.certificateArn(certificate)).certificateChain());
        return chain;
    }

    /** True when ACM lists no certificate of any key type. */
    private static boolean noCertificates(AcmClient acm) {
        return acm.listCertificates(b -> b.includes(i -> i.keyTypes(KeyAlgorithm.knownValues())))
                .certificateSummaryList().isEmpty();
    }

    /** The provider's certificate {@code arn} is a private one for {@code dnsName}, tagged and used by {@code user}. */
    private static void assertProviderCertificate(AcmClient acm, String arn, String dnsName, String user) {
        var detail = acm.describeCertificate(b -> b.certificateArn(arn)).certificate();
        assertThat(detail.type()).isEqualTo(CertificateType.PRIVATE);
        assertThat(detail.subjectAlternativeNames()).contains(dnsName);
        assertThat(detail.inUseBy()).containsExactly(user);
        assertThat(acm.listTagsForCertificate(b -> b.certificateArn(arn)).tags())
                .anyMatch(t -> t.key().equals("ballast:created-by") && t.value().equals("docker-labels"));
    }

    /** The body curl gets from {@code https://<host>:<port>/} on 127.0.0.1 trusting {@code chain}, or its error. */
    private String curlHttps(String host, int port, Path chain) {
        CommandLine.Result curl = CommandLine.run(dataDir, Duration.ofSeconds(20), "", List.of("curl", "-sS",
                "--max-time", "10", "--cacert", chain.toString(), "--resolve", host + ":" + port + ":127.0.0.1",
                "https://" + host + ":" + port + "/"));
        return curl.exitCode() == 0 ? curl.output().strip() : "curl " + curl.exitCode() + ": " + curl.output();
    }
}
