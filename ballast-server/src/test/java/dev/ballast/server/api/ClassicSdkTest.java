package dev.ballast.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ballast.proxy.Await;
import dev.ballast.server.ControlPlane;
import dev.ballast.server.Http;
import dev.ballast.server.hello.HelloServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.elasticloadbalancing.ElasticLoadBalancingClient;
import software.amazon.awssdk.services.elasticloadbalancing.model.HealthCheck;
import software.amazon.awssdk.services.elasticloadbalancing.model.Instance;
import software.amazon.awssdk.services.elasticloadbalancing.model.InstanceState;
import software.amazon.awssdk.services.elasticloadbalancing.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancing.model.LoadBalancerAttributes;
import software.amazon.awssdk.services.elasticloadbalancing.model.LoadBalancerDescription;
import software.amazon.awssdk.services.elasticloadbalancing.model.Tag;

/** The Classic Load Balancer API driven by the AWS SDK for Java v2's classic client, with real traffic. */
@Timeout(120)
class ClassicSdkTest {
    @TempDir
    Path dataDir;
    private ControlPlane plane;
    private ElasticLoadBalancingClient elb;
    private final List<HelloServer> nodes = new ArrayList<>();

    @BeforeEach
    void start() {
        plane = ApiTestSupport.startControlPlane(dataDir, Map.of());
        elb = client(plane.apiAddress());
    }

    @AfterEach
    void stop() {
        elb.close();
        plane.close();
        nodes.forEach(HelloServer::close);
    }

    static ElasticLoadBalancingClient client(InetSocketAddress api) {
        return ElasticLoadBalancingClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + api.getPort()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClientBuilder(ApacheHttpClient.builder())
                .overrideConfiguration(c -> c.retryStrategy(b -> b.maxAttempts(1)))
                .build();
    }

    /** Three "nodes" on 127.0.0.2-4, each with a hello-world task on the same port, as in scenario S3. */
    private int startNodes() throws Exception {
        int port = Http.freePortOn("127.0.0.2", "127.0.0.3", "127.0.0.4");
        for (int i = 2; i <= 4; i++) {
            nodes.add(HelloServer.start(new InetSocketAddress("127.0.0." + i, port), "node-" + i));
        }
        return port;
    }

    private static void assertError(ThrowingCallable call, String code, int status, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(AwsServiceException.class, e -> {
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
            assertThat(e.statusCode()).isEqualTo(status);
            assertThat(e.awsErrorDetails().errorMessage()).contains(message);
        });
    }

    private List<InstanceState> health(String name) {
        return elb.describeInstanceHealth(b -> b.loadBalancerName(name)).instanceStates();
    }

    @Test
    void scenarioS3ClassicHalfGoesFromZeroToThreeInServiceAndSpreadsRequests() throws Exception {
        int instancePort = Http.freePortOn("127.0.0.2", "127.0.0.3", "127.0.0.4"); // the nodes start later
        int lbPort = Http.freePort();
        String dns = elb.createLoadBalancer(b -> b.loadBalancerName("HelloWorldLoadBalancer")
                .listeners(Listener.builder().protocol("HTTP").loadBalancerPort(lbPort).instanceProtocol("HTTP")
                        .instancePort(instancePort).build())
                .availabilityZones("us-east-1a")).dnsName();
        assertThat(dns).startsWith("HelloWorldLoadBalancer-").endsWith(".us-east-1.elb.localhost");
        HealthCheck check = elb.configureHealthCheck(b -> b.loadBalancerName("HelloWorldLoadBalancer")
                .healthCheck(h -> h.target("HTTP:" + instancePort + "/").interval(5).timeout(2)
                        .unhealthyThreshold(2).healthyThreshold(2))).healthCheck();
        assertThat(check.target()).isEqualTo("HTTP:" + instancePort + "/");
        elb.modifyLoadBalancerAttributes(b -> b.loadBalancerName("HelloWorldLoadBalancer")
                .loadBalancerAttributes(a -> a.crossZoneLoadBalancing(c -> c.enabled(true))));
        List<Instance> registered = elb.registerInstancesWithLoadBalancer(b -> b
                .loadBalancerName("HelloWorldLoadBalancer")
                .instances(Instance.builder().instanceId("127.0.0.2").build(),
                        Instance.builder().instanceId("127.0.0.3").build(),
                        Instance.builder().instanceId("127.0.0.4").build())).instances();
        assertThat(registered).extracting(Instance::instanceId).containsExactly("127.0.0.2", "127.0.0.3",
                "127.0.0.4");

        // The nodes are not up yet: 0 of 3 in service.
        assertThat(health("HelloWorldLoadBalancer")).hasSize(3).allSatisfy(s -> {
            assertThat(s.state()).isEqualTo("OutOfService");
            assertThat(s.reasonCode()).isIn("ELB", "Instance");
        });
        for (int i = 2; i <= 4; i++) {
            nodes.add(HelloServer.start(new InetSocketAddress("127.0.0." + i, instancePort), "node-" + i));
        }
        Await.until("3 of 3 InService", Duration.ofSeconds(30), () -> health("HelloWorldLoadBalancer").stream()
                .allMatch(s -> s.state().equals("InService")));
        assertThat(health("HelloWorldLoadBalancer")).extracting(InstanceState::state)
                .containsExactly("InService", "InService", "InService");

        Set<String> answered = new HashSet<>();
        for (int i = 0; i < 12; i++) {
            answered.add(Http.taskIdAt("http://127.0.0.1:" + lbPort + "/", null));
        }
        assertThat(answered).containsExactlyInAnyOrder("node-2", "node-3", "node-4");

        LoadBalancerDescription d = elb.describeLoadBalancers(b -> b.loadBalancerNames("HelloWorldLoadBalancer"))
                .loadBalancerDescriptions().get(0);
        assertThat(d.dnsName()).isEqualTo(dns);
        assertThat(d.scheme()).isEqualTo("internet-facing");
        assertThat(d.listenerDescriptions().get(0).listener().instancePort()).isEqualTo(instancePort);
        assertThat(d.instances()).hasSize(3);
        assertThat(d.healthCheck().healthyThreshold()).isEqualTo(2);
        assertThat(elb.describeLoadBalancerAttributes(b -> b.loadBalancerName("HelloWorldLoadBalancer"))
                .loadBalancerAttributes().crossZoneLoadBalancing().enabled()).isTrue();
    }

    @Test
    void unhealthyInstanceIsOutOfServiceWithTheInstanceReason() throws Exception {
        int instancePort = startNodes();
        nodes.get(2).close(); // node-4 is down
        int lbPort = Http.freePort();
        elb.createLoadBalancer(b -> b.loadBalancerName("lb").listeners(Listener.builder().protocol("HTTP")
                .loadBalancerPort(lbPort).instancePort(instancePort).build()));
        elb.configureHealthCheck(b -> b.loadBalancerName("lb").healthCheck(h -> h.target("TCP:" + instancePort)
                .interval(5).timeout(2).unhealthyThreshold(2).healthyThreshold(2)));
        elb.registerInstancesWithLoadBalancer(b -> b.loadBalancerName("lb").instances(
                Instance.builder().instanceId("127.0.0.2").build(), Instance.builder().instanceId("127.0.0.4").build()));
        Await.until("127.0.0.2 InService and 127.0.0.4 OutOfService for reason Instance", Duration.ofSeconds(30),
                () -> health("lb").get(1).state().equals("OutOfService")
                        && health("lb").get(1).reasonCode().equals("Instance")
                        && health("lb").get(0).state().equals("InService"));
        assertThat(health("lb").get(1).description())
                .isEqualTo("Instance has failed at least the UnhealthyThreshold number of health checks consecutively.");
    }

    @Test
    void tcpListenerGoesThroughTheL4Relay() throws Exception {
        int instancePort = startNodes();
        int lbPort = Http.freePort();
        elb.createLoadBalancer(b -> b.loadBalancerName("tcp-lb").listeners(Listener.builder().protocol("TCP")
                .loadBalancerPort(lbPort).instanceProtocol("TCP").instancePort(instancePort).build()));
        elb.registerInstancesWithLoadBalancer(b -> b.loadBalancerName("tcp-lb")
                .instances(Instance.builder().instanceId("127.0.0.3").build()));
        assertThat(Http.taskIdAt("http://127.0.0.1:" + lbPort + "/", null)).isEqualTo("node-3");
        assertThat(plane.dataPlane().counters().get("l4.tcp.accepted")).isPositive();
    }

    @Test
    void httpsAndSslListenersTerminateTlsWithImportedCertificates() throws Exception {
        int instancePort = startNodes();
        var first = dev.ballast.proxy.tls.TestCertificates.selfSigned(dataDir, "classic.example.test");
        var second = dev.ballast.proxy.tls.TestCertificates.selfSigned(dataDir, "classic.example.test");
        String firstArn;
        String secondArn;
        try (var acm = ApiTestSupport.acmClient(plane.apiAddress(), "test", "test")) {
            firstArn = acm.importCertificate(r -> r.certificate(SdkBytes.fromUtf8String(first.certificate()))
                    .privateKey(SdkBytes.fromUtf8String(first.privateKey()))).certificateArn();
            secondArn = acm.importCertificate(r -> r.certificate(SdkBytes.fromUtf8String(second.certificate()))
                    .privateKey(SdkBytes.fromUtf8String(second.privateKey()))).certificateArn();
        }
        int httpsPort = Http.freePort();
        int sslPort = Http.freePort();
        elb.createLoadBalancer(b -> b.loadBalancerName("tls-lb").listeners(
                Listener.builder().protocol("HTTPS").loadBalancerPort(httpsPort).instanceProtocol("HTTP")
                        .instancePort(instancePort).sslCertificateId(firstArn).build(),
                Listener.builder().protocol("SSL").loadBalancerPort(sslPort).instanceProtocol("TCP")
                        .instancePort(instancePort).sslCertificateId(firstArn).build()));
        elb.registerInstancesWithLoadBalancer(b -> b.loadBalancerName("tls-lb")
                .instances(Instance.builder().instanceId("127.0.0.2").build()));
        assertThat(elb.describeLoadBalancers(b -> b.loadBalancerNames("tls-lb")).loadBalancerDescriptions().get(0)
                .listenerDescriptions()).extracting(d -> d.listener().sslCertificateId())
                .containsExactly(firstArn, firstArn);

        assertThat(curl(httpsPort, first).output()).contains("node-2");
        assertThat(curl(sslPort, first).output()).contains("node-2");

        elb.setLoadBalancerListenerSSLCertificate(b -> b.loadBalancerName("tls-lb").loadBalancerPort(httpsPort)
                .sslCertificateId(secondArn));
        var afterSwap = curl(httpsPort, second);
        assertThat(afterSwap.output()).as(afterSwap.output()).contains("node-2");
        assertError(() -> elb.setLoadBalancerListenerSSLCertificate(b -> b.loadBalancerName("tls-lb")
                .loadBalancerPort(1).sslCertificateId(secondArn)), "ListenerNotFound", 400, "port 1");
    }

    private dev.ballast.proxy.tls.CommandLine.Result curl(int port, dev.ballast.proxy.tls.TestCertificates.Pem trusted) {
        return dev.ballast.proxy.tls.CommandLine.run(dataDir, java.time.Duration.ofSeconds(20), "", List.of("curl",
                "-sS", "--max-time", "10", "--cacert", trusted.certificateFile().toString(), "--resolve",
                "classic.example.test:" + port + ":127.0.0.1", "https://classic.example.test:" + port + "/"));
    }

    @Test
    void listenersAttributesAndTags() throws Exception {
        int instancePort = startNodes();
        // The first internal load balancer of this fresh control plane binds 127.0.10.1.
        int http = Http.freePortOn("127.0.10.1");
        int tcp = Http.freePortOn("127.0.10.1");
        elb.createLoadBalancer(b -> b.loadBalancerName("web").scheme("internal")
                .listeners(Listener.builder().protocol("http").loadBalancerPort(http).instancePort(instancePort).build())
                .tags(Tag.builder().key("team").value("blue").build()));
        elb.createLoadBalancerListeners(b -> b.loadBalancerName("web").listeners(Listener.builder().protocol("TCP")
                .loadBalancerPort(tcp).instancePort(instancePort).build()));
        LoadBalancerDescription d = elb.describeLoadBalancers().loadBalancerDescriptions().get(0);
        assertThat(d.scheme()).isEqualTo("internal");
        assertThat(d.dnsName()).startsWith("internal-web-");
        assertThat(d.listenerDescriptions()).extracting(l -> l.listener().protocol()).containsExactly("HTTP", "TCP");
        assertThat(d.healthCheck().target()).isEqualTo("TCP:" + instancePort);

        LoadBalancerAttributes changed = elb.modifyLoadBalancerAttributes(b -> b.loadBalancerName("web")
                .loadBalancerAttributes(a -> a.connectionDraining(c -> c.enabled(true).timeout(30))
                        .connectionSettings(c -> c.idleTimeout(120)))).loadBalancerAttributes();
        assertThat(changed.connectionDraining().timeout()).isEqualTo(30);
        assertThat(changed.connectionSettings().idleTimeout()).isEqualTo(120);
        assertThat(elb.describeLoadBalancerAttributes(b -> b.loadBalancerName("web")).loadBalancerAttributes()
                .connectionDraining().enabled()).isTrue();

        elb.addTags(b -> b.loadBalancerNames("web").tags(Tag.builder().key("env").value("test").build()));
        elb.removeTags(b -> b.loadBalancerNames("web").tags(t -> t.key("team")));
        assertThat(elb.describeTags(b -> b.loadBalancerNames("web")).tagDescriptions().get(0).tags())
                .extracting(Tag::key, Tag::value).containsExactly(org.assertj.core.groups.Tuple.tuple("env", "test"));

        elb.deleteLoadBalancerListeners(b -> b.loadBalancerName("web").loadBalancerPorts(tcp));
        assertThat(elb.describeLoadBalancers().loadBalancerDescriptions().get(0).listenerDescriptions()).hasSize(1);
        elb.deleteLoadBalancer(b -> b.loadBalancerName("web"));
        elb.deleteLoadBalancer(b -> b.loadBalancerName("web")); // deleting twice is fine, as on AWS
        assertThat(elb.describeLoadBalancers().loadBalancerDescriptions()).isEmpty();
        assertThat(Http.accepts(http)).isFalse();
    }

    @Test
    void classicErrors() throws Exception {
        int port = Http.freePort();
        elb.createLoadBalancer(b -> b.loadBalancerName("one").listeners(Listener.builder().protocol("HTTP")
                .loadBalancerPort(port).instancePort(8080).build()));
        assertError(() -> elb.describeLoadBalancers(b -> b.loadBalancerNames("nope")), "LoadBalancerNotFound", 400,
                "Cannot find Load Balancer nope");
        assertError(() -> elb.createLoadBalancerListeners(b -> b.loadBalancerName("one").listeners(
                Listener.builder().protocol("HTTP").loadBalancerPort(port).instancePort(9090).build())),
                "DuplicateListener", 400, "port " + port);
        assertError(() -> elb.createLoadBalancer(b -> b.loadBalancerName("one").listeners(Listener.builder()
                .protocol("TCP").loadBalancerPort(port).instancePort(8080).build())),
                "DuplicateLoadBalancerName", 400, "one");
        // A second load balancer on the same address and port cannot be served: 409, as the Classic API answers.
        assertError(() -> elb.createLoadBalancer(b -> b.loadBalancerName("two").listeners(Listener.builder()
                .protocol("HTTP").loadBalancerPort(port).instancePort(8080).build())),
                "InvalidConfigurationRequest", 409, "127.0.0.1:" + port);
        assertThat(elb.describeLoadBalancers().loadBalancerDescriptions()).hasSize(1);
        assertError(() -> elb.registerInstancesWithLoadBalancer(b -> b.loadBalancerName("one")
                .instances(Instance.builder().instanceId("i-0123456789abcdef0").build())), "InvalidInstance", 400,
                "i-0123456789abcdef0");
        assertError(() -> elb.configureHealthCheck(b -> b.loadBalancerName("one").healthCheck(h -> h
                .target("HTTP:8080").interval(30).timeout(5).unhealthyThreshold(2).healthyThreshold(10))),
                "ValidationError", 400, "HealthCheck.Target: HTTP:8080");
        assertError(() -> elb.configureHealthCheck(b -> b.loadBalancerName("one").healthCheck(h -> h
                .target("TCP:8080").interval(5).timeout(5).unhealthyThreshold(2).healthyThreshold(10))),
                "ValidationError", 400, "HealthCheck.Timeout: 5 (expected: less than HealthCheck.Interval 5)");
        assertError(() -> elb.createLoadBalancer(b -> b.loadBalancerName("tls").listeners(Listener.builder()
                .protocol("HTTPS").loadBalancerPort(443).instancePort(8080).build())), "ValidationError", 400,
                "SSLCertificateId: missing");
        assertError(() -> elb.createLoadBalancer(b -> b.loadBalancerName("tls").listeners(Listener.builder()
                .protocol("HTTPS").loadBalancerPort(443).instancePort(8080)
                .sslCertificateId("arn:aws:iam::000000000000:server-certificate/none").build())),
                "CertificateNotFound", 400, "server-certificate/none");
        assertError(() -> elb.createLoadBalancer(b -> b.loadBalancerName("high").listeners(Listener.builder()
                .protocol("TCP").loadBalancerPort(65536).instancePort(22).build())), "ValidationError", 400,
                "LoadBalancerPort: 65536 (expected: 1-65535)");
        assertError(() -> elb.deregisterInstancesFromLoadBalancer(b -> b.loadBalancerName("one")
                .instances(Instance.builder().instanceId("127.0.0.9").build())), "InvalidInstance", 400,
                "127.0.0.9");
    }

    @Test
    void survivesARestart() throws Exception {
        int instancePort = startNodes();
        int lbPort = Http.freePort();
        elb.createLoadBalancer(b -> b.loadBalancerName("kept").listeners(Listener.builder().protocol("HTTP")
                .loadBalancerPort(lbPort).instancePort(instancePort).build()));
        elb.registerInstancesWithLoadBalancer(b -> b.loadBalancerName("kept")
                .instances(Instance.builder().instanceId("127.0.0.2").build()));
        elb.close();
        plane.close();
        plane = ApiTestSupport.startControlPlane(dataDir, Map.of());
        elb = client(plane.apiAddress());
        assertThat(elb.describeLoadBalancers().loadBalancerDescriptions()).extracting(LoadBalancerDescription::
                loadBalancerName).containsExactly("kept");
        assertThat(Http.taskIdAt("http://127.0.0.1:" + lbPort + "/", null)).isEqualTo("node-2");
    }
}
