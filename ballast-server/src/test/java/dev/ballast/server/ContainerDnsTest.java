package dev.ballast.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.ballast.control.docker.DockerEngine;
import dev.ballast.dns.DnsServer;
import dev.ballast.dns.Zone;
import dev.ballast.dns.ZoneTable;
import dev.ballast.proxy.Await;
import dev.ballast.server.publish.ApiClients;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.SOARecord;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.VPCRegion;

/**
 * Scenario S4's names inside containers: an ECS task on the docker driver (a real dockerd, busybox) gets Ballast's
 * DNS as its resolver, on the engine's bridge gateway, port 53. Inside the container, {@code wget} resolves
 * {@code service-a.in.example.com} (a Route 53 CNAME to an internet-facing ALB, answered with the gateway address the
 * container reaches the ALB on) and gets the service; a name outside Ballast's zones is forwarded to the upstream
 * resolver (here a second DNS server standing in for the host's).
 */
@Timeout(240)
class ContainerDnsTest {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static DockerEngine engine;

    @TempDir
    Path dataDir;
    private DnsServer upstream;
    private HttpServer serviceA;
    private TaskDrivers drivers;
    private ControlPlane plane;
    private ApiClients api;
    private Route53Client route53;

    @BeforeAll
    static void startEngine() throws Exception {
        engine = DockerEngine.start();
    }

    @AfterAll
    static void stopEngine() throws Exception {
        if (engine != null) {
            engine.close();
        }
    }

    @BeforeEach
    void startServer() throws Exception {
        upstream = DnsServer.start(new InetSocketAddress("127.0.0.1", 0), upstreamZone(), 1);
        serviceA = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        serviceA.createContext("/", exchange -> {
            try (exchange) {
                byte[] body = "hello from service A".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        serviceA.start();
        drivers = TaskDrivers.open(dataDir, TaskDrivers.DOCKER, engine.host(), Map.of(), true);
        plane = ControlPlane.start(new ControlPlane.Options(dataDir, "127.0.0.1", 0, "0.0.0.0", Map.of(), 1)
                .withTaskDrivers(drivers.drivers(), drivers.defaultDriver())
                .withDnsForwarding(new DnsForwarding(DnsForwarding.Mode.CONTAINERS, List.of(upstream.address()))));
        URI endpoint = URI.create("http://127.0.0.1:" + plane.apiAddress().getPort());
        api = ApiClients.connect(endpoint);
        route53 = Route53Client.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClientBuilder(ApacheHttpClient.builder()).build();
    }

    @AfterEach
    void stopServer() throws Exception {
        try {
            for (String arn : api.ecs().listTasks(r -> r.desiredStatus("RUNNING")).taskArns()) {
                api.ecs().stopTask(r -> r.task(arn));
            }
            Await.until("every task stopped", WAIT, () -> api.ecs().listTasks(r -> r.desiredStatus("RUNNING"))
                    .taskArns().isEmpty() && dockerPs().isEmpty());
        } finally {
            route53.close();
            api.close();
            plane.close();
            drivers.close();
            serviceA.stop(0);
            upstream.close();
        }
    }

    @Test
    void aContainerResolvesRoute53NamesThroughBallastAndReachesTheService() throws Exception {
        String gateway = engine.subnetPrefix() + ".1";
        assertThat(plane.dnsAddresses()).contains(new InetSocketAddress(gateway, 53));
        int listenerPort = freePort();
        LoadBalancer alb = api.elb().createLoadBalancer(r -> r.name("service-a-lb")).loadBalancers().get(0);
        String group = api.elb().createTargetGroup(r -> r.name("service-a").protocol(ProtocolEnum.HTTP)
                .port(serviceA.getAddress().getPort()).vpcId("vpc-local").targetType("ip"))
                .targetGroups().get(0).targetGroupArn();
        api.elb().registerTargets(r -> r.targetGroupArn(group).targets(t -> t.id("127.0.0.1")
                .port(serviceA.getAddress().getPort())));
        api.elb().createListener(r -> r.loadBalancerArn(alb.loadBalancerArn()).protocol(ProtocolEnum.HTTP)
                .port(listenerPort).defaultActions(a -> a.type(ActionTypeEnum.FORWARD).targetGroupArn(group)));
        String zone = route53.createHostedZone(r -> r.name("in.example.com").callerReference("s4")
                .hostedZoneConfig(c -> c.privateZone(true)).vpc(v -> v.vpcRegion(VPCRegion.US_EAST_1)
                        .vpcId("vpc-local"))).hostedZone().id();
        route53.changeResourceRecordSets(r -> r.hostedZoneId(zone).changeBatch(b -> b.changes(c -> c
                .action(ChangeAction.UPSERT).resourceRecordSet(s -> s.name("service-a.in.example.com")
                        .type(RRType.CNAME).ttl(60L).resourceRecords(v -> v.value(alb.dnsName()))))));

        api.ecs().registerTaskDefinition(r -> r.family("client").networkMode(NetworkMode.BRIDGE)
                .containerDefinitions(ContainerDefinition.builder().name("client").image(DockerEngine.BUSYBOX)
                        .essential(true).memory(64).stopTimeout(2).command("sleep", "600").build()));
        api.ecs().runTask(r -> r.taskDefinition("client"));
        Await.until("the client task's container runs", WAIT, () -> !dockerPs().isEmpty());
        String container = dockerPs().get(0);

        assertThat(engine.docker("exec", container, "cat", "/etc/resolv.conf"))
                .contains("nameserver " + gateway);
        // The CNAME and the ALB's address as the container reaches it: the gateway, where the ALB (bound to every
        // address) accepts connections.
        assertThat(engine.docker("exec", container, "nslookup", "service-a.in.example.com"))
                .contains(alb.dnsName()).contains("Address: " + gateway);
        assertThat(engine.docker("exec", container, "wget", "-q", "-O", "-",
                "http://service-a.in.example.com:" + listenerPort + "/")).isEqualTo("hello from service A");
        // A name outside Ballast's zones: forwarded to the upstream resolver.
        assertThat(engine.docker("exec", container, "nslookup", "www.upstream.test"))
                .contains("Address: 198.51.100.7");
    }

    private List<String> dockerPs() {
        try {
            return engine.docker("ps", "-q").lines().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The zone {@code upstream.test} with {@code www} at 198.51.100.7: what the host's resolver would know. */
    private static java.util.function.Supplier<ZoneTable> upstreamZone() throws IOException {
        Name origin = Name.fromString("upstream.test.");
        SOARecord soa = new SOARecord(origin, DClass.IN, 300, Name.fromString("ns.upstream.test."),
                Name.fromString("hostmaster.upstream.test."), 1, 7200, 900, 1209600, 300);
        ZoneTable table = new ZoneTable(List.of(new Zone.Builder(soa).add(new ARecord(
                Name.fromString("www.upstream.test."), DClass.IN, 300, InetAddress.getByName("198.51.100.7")))
                .build()));
        return () -> table;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
