package dev.ballast.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.ballast.server.ControlPlane;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.IpRange;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;

/**
 * Security groups on the data plane: loopback clients bound to 127.0.0.x source addresses connect to load balancers
 * whose groups admit some of them; refused clients are closed at once and counted, admitted ones served, and a rule
 * change applies to the next connection.
 */
@Timeout(90)
class SecurityGroupEnforcementTest {
    private static final String SUBNET_A = "subnet-0ba11a5700000000a";

    @TempDir
    Path dataDir;
    private ControlPlane plane;
    private Ec2Client ec2;
    private ElasticLoadBalancingV2Client elb;
    private HttpServer target;

    @BeforeEach
    void start() {
        plane = ApiTestSupport.startControlPlane(dataDir, Map.of());
        ec2 = ApiTestSupport.ec2Client(plane.apiAddress(), "test", "test");
        elb = ApiTestSupport.client(plane.apiAddress(), "test", "test");
        target = ApiTestSupport.target("behind-the-group");
    }

    @AfterEach
    void stop() {
        target.stop(0);
        elb.close();
        ec2.close();
        plane.close();
    }

    @Test
    void albAdmitsOnlyClientsItsGroupsAllowAndFollowsRuleChangesLive() throws Exception {
        String web = ec2.createSecurityGroup(r -> r.groupName("web").description("office only")).groupId();
        ec2.authorizeSecurityGroupIngress(r -> r.groupId(web).ipPermissions(tcp(1, 65535, "127.0.0.2/32")));
        String lbArn = elb.createLoadBalancer(r -> r.name("guarded").subnets(SUBNET_A).securityGroups(web))
                .loadBalancers().get(0).loadBalancerArn();
        String tg = elb.createTargetGroup(r -> r.name("guarded-tg").protocol(ProtocolEnum.HTTP)
                .port(target.getAddress().getPort()).targetType("ip").vpcId(plane.control().settings().vpcId())).targetGroups().get(0)
                .targetGroupArn();
        elb.registerTargets(r -> r.targetGroupArn(tg).targets(t -> t.id("127.0.0.1")
                .port(target.getAddress().getPort())));
        int port = ApiTestSupport.freePort();
        String listener = elb.createListener(r -> r.loadBalancerArn(lbArn).protocol(ProtocolEnum.HTTP).port(port)
                .defaultActions(Action.builder().type(ActionTypeEnum.FORWARD).targetGroupArn(tg).build()))
                .listeners().get(0).listenerArn();
        InetSocketAddress lb = plane.boundAddress(listener);
        ApiTestSupport.awaitAllHealthy(elb, tg, 1);

        assertThat(httpFrom("127.0.0.2", lb)).contains("behind-the-group");
        assertThat(httpFrom("127.0.0.3", lb)).as("a client outside the group's block").isEmpty();
        assertThat(rejected("guarded")).isEqualTo(1);

        // a rule added now admits the next connection, without touching the load balancer
        ec2.authorizeSecurityGroupIngress(r -> r.groupId(web).ipPermissions(tcp(port, port, "127.0.0.3/32")));
        awaitTrue(() -> httpFrom("127.0.0.3", lb).contains("behind-the-group"));
        // a rule for another port does not admit anyone to this one
        ec2.revokeSecurityGroupIngress(r -> r.groupId(web).ipPermissions(tcp(1, 65535, "127.0.0.2/32")));
        ec2.authorizeSecurityGroupIngress(r -> r.groupId(web).ipPermissions(tcp(port + 1, port + 1,
                "127.0.0.2/32")));
        awaitTrue(() -> httpFrom("127.0.0.2", lb).isEmpty());
        assertThat(httpFrom("127.0.0.3", lb)).contains("behind-the-group");

        // back to the VPC's default group, which admits everyone (Ballast's, unlike AWS's)
        elb.setSecurityGroups(r -> r.loadBalancerArn(lbArn).securityGroups("sg-0ba11a5700000000d"));
        awaitTrue(() -> httpFrom("127.0.0.4", lb).contains("behind-the-group"));
    }

    @Test
    void nlbChecksTcpConnectionsAndNewUdpFlows() throws Exception {
        String group = ec2.createSecurityGroup(r -> r.groupName("l4").description("l4")).groupId();
        ec2.authorizeSecurityGroupIngress(r -> r.groupId(group).ipPermissions(
                tcp(1, 65535, "127.0.0.2/32"),
                IpPermission.builder().ipProtocol("udp").fromPort(1).toPort(65535)
                        .ipRanges(IpRange.builder().cidrIp("127.0.0.2/32").build()).build()));
        String nlb = elb.createLoadBalancer(r -> r.name("guarded-nlb").type(LoadBalancerTypeEnum.NETWORK)
                .subnets(SUBNET_A).securityGroups(group)).loadBalancers().get(0).loadBalancerArn();
        try (DatagramSocket echo = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            Thread echoer = new Thread(() -> echo(echo), "udp-echo");
            echoer.setDaemon(true);
            echoer.start();
            String tcpTg = elb.createTargetGroup(r -> r.name("l4-tcp").protocol(ProtocolEnum.TCP)
                    .port(target.getAddress().getPort()).targetType("ip").vpcId(plane.control().settings().vpcId())).targetGroups()
                    .get(0).targetGroupArn();
            elb.registerTargets(r -> r.targetGroupArn(tcpTg).targets(t -> t.id("127.0.0.1")
                    .port(target.getAddress().getPort())));
            String udpTg = elb.createTargetGroup(r -> r.name("l4-udp").protocol(ProtocolEnum.UDP)
                    .port(echo.getLocalPort()).targetType("ip").vpcId(plane.control().settings().vpcId())
                    .healthCheckProtocol(ProtocolEnum.TCP).healthCheckPort(String.valueOf(target.getAddress()
                            .getPort()))).targetGroups().get(0).targetGroupArn();
            elb.registerTargets(r -> r.targetGroupArn(udpTg).targets(t -> t.id("127.0.0.1")
                    .port(echo.getLocalPort())));
            int tcpPort = ApiTestSupport.freePort();
            InetSocketAddress tcp = plane.boundAddress(elb.createListener(r -> r.loadBalancerArn(nlb)
                    .protocol(ProtocolEnum.TCP).port(tcpPort).defaultActions(Action.builder()
                            .type(ActionTypeEnum.FORWARD).targetGroupArn(tcpTg).build())).listeners().get(0)
                    .listenerArn());
            int udpPort = ApiTestSupport.freePort();
            InetSocketAddress udp = plane.boundAddress(elb.createListener(r -> r.loadBalancerArn(nlb)
                    .protocol(ProtocolEnum.UDP).port(udpPort).defaultActions(Action.builder()
                            .type(ActionTypeEnum.FORWARD).targetGroupArn(udpTg).build())).listeners().get(0)
                    .listenerArn());
            // no wait for health checks: a network load balancer whose targets are not healthy yet fails open

            assertThat(httpFrom("127.0.0.2", tcp)).contains("behind-the-group");
            assertThat(httpFrom("127.0.0.3", tcp)).isEmpty();
            assertThat(udpFrom("127.0.0.2", udp)).isEqualTo("ping");
            assertThat(udpFrom("127.0.0.3", udp)).as("a flow the group refuses gets no answer").isNull();
            assertThat(rejected("guarded-nlb")).isEqualTo(2);
            echo.close();
            echoer.join(5000);
        }
    }

    private static IpPermission tcp(int from, int to, String cidr) {
        return IpPermission.builder().ipProtocol("tcp").fromPort(from).toPort(to)
                .ipRanges(IpRange.builder().cidrIp(cidr).build()).build();
    }

    /**
     * One HTTP request on a new connection from source address {@code source}: the response, or "" when the load
     * balancer closed the connection without one (refused).
     */
    static String httpFrom(String source, InetSocketAddress lb) {
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(source, 0));
            try {
                // a refused client may see the reset while its connect is still being confirmed
                s.connect(lb, 5000);
                s.setSoTimeout(5000);
                s.getOutputStream().write(("GET / HTTP/1.1\r\nHost: lb\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                InputStream in = s.getInputStream();
                return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            } catch (SocketTimeoutException e) {
                throw new AssertionError("neither served nor closed within 5 s", e);
            } catch (IOException e) {
                return ""; // reset: refused
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** The answer to one datagram sent from {@code source}, or null when none comes within 1 s. */
    private static String udpFrom(String source, InetSocketAddress lb) throws IOException {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(source, 0))) {
            s.setSoTimeout(1000);
            byte[] ping = "ping".getBytes(StandardCharsets.US_ASCII);
            s.send(new DatagramPacket(ping, ping.length, lb));
            DatagramPacket answer = new DatagramPacket(new byte[64], 64);
            try {
                s.receive(answer);
                return new String(answer.getData(), 0, answer.getLength(), StandardCharsets.US_ASCII);
            } catch (SocketTimeoutException e) {
                return null;
            }
        }
    }

    private static void echo(DatagramSocket socket) {
        byte[] buffer = new byte[64];
        while (!socket.isClosed()) {
            DatagramPacket p = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(p);
                socket.send(new DatagramPacket(p.getData(), p.getLength(), p.getSocketAddress()));
            } catch (IOException e) {
                return;
            }
        }
    }

    /** RejectedConnectionCount (ALB) or RejectedFlowCount (NLB) of load balancer {@code name} on /metrics. */
    private long rejected(String name) {
        Matcher m = Pattern.compile("ballast_(alb_rejected_connection|nlb_rejected_flow)_count_total\\{[^}]*" + name
                        + "/[^}]*} (\\S+)")
                .matcher(MetricsScrape.of(plane.apiAddress()).body());
        return m.find() ? (long) Double.parseDouble(m.group(2)) : -1;
    }

    static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(20); // polling a condition with a deadline
        }
    }
}
