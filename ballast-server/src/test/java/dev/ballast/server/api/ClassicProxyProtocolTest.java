package dev.ballast.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.server.ControlPlane;
import dev.ballast.server.Http;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.elasticloadbalancing.ElasticLoadBalancingClient;
import software.amazon.awssdk.services.elasticloadbalancing.model.Instance;
import software.amazon.awssdk.services.elasticloadbalancing.model.Listener;

/**
 * Classic's proxy protocol ("Configure proxy protocol for your Classic Load Balancer", Elastic Load Balancing
 * guide): a ProxyProtocolPolicyType policy enabled on an instance port with SetLoadBalancerPoliciesForBackendServer
 * makes the TCP listener's connections to that port start with a version 1 header,
 * {@code PROXY TCP4 <client ip> <load balancer ip> <client port> <load balancer port>\r\n}; removing the policy
 * stops it. The target is a raw socket server that reads the bytes before the client's first line.
 */
@Timeout(60)
class ClassicProxyProtocolTest {
    private static final String GREETING = "hello from the client\n";

    @TempDir
    Path dataDir;
    private ControlPlane plane;
    private ElasticLoadBalancingClient elb;
    private ServerSocket target;
    private Thread acceptor;
    /** What arrived on each connection before the client's greeting (health checks send nothing: not queued). */
    private final BlockingQueue<String> prefixes = new LinkedBlockingQueue<>();

    @BeforeEach
    void start() throws IOException {
        plane = ApiTestSupport.startControlPlane(dataDir, Map.of());
        elb = ClassicSdkTest.client(plane.apiAddress());
        target = new ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"));
        acceptor = new Thread(this::serve, "proxy-protocol-target");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    @AfterEach
    void stop() throws Exception {
        target.close();
        acceptor.join(5000);
        elb.close();
        plane.close();
    }

    @Test
    void aBackendPolicySendsTheVersion1HeaderOnTcpConnectionsUntilItIsRemoved() throws Exception {
        int instancePort = target.getLocalPort();
        int lbPort = Http.freePort();
        elb.createLoadBalancer(b -> b.loadBalancerName("pp").availabilityZones("us-east-1a").listeners(
                Listener.builder().protocol("TCP").loadBalancerPort(lbPort).instanceProtocol("TCP")
                        .instancePort(instancePort).build()));
        elb.registerInstancesWithLoadBalancer(b -> b.loadBalancerName("pp")
                .instances(Instance.builder().instanceId("127.0.0.1").build()));
        elb.createLoadBalancerPolicy(b -> b.loadBalancerName("pp").policyName("EnableProxyProtocol")
                .policyTypeName("ProxyProtocolPolicyType")
                .policyAttributes(a -> a.attributeName("ProxyProtocol").attributeValue("true")));
        elb.setLoadBalancerPoliciesForBackendServer(b -> b.loadBalancerName("pp").instancePort(instancePort)
                .policyNames("EnableProxyProtocol"));

        InetSocketAddress lb = new InetSocketAddress("127.0.0.1", lbPort);
        awaitPrefix(lb, prefix -> prefix.startsWith("PROXY "), "the header on a new connection");
        try (Socket client = connectAndGreet(lb)) {
            String prefix = prefixes.poll(5, TimeUnit.SECONDS);
            // client address and port as the load balancer accepted them, then its own address and listener port
            assertThat(prefix).isEqualTo("PROXY TCP4 127.0.0.1 127.0.0.1 " + client.getLocalPort() + " " + lbPort
                    + "\r\n");
            String[] fields = prefix.trim().split(" ");
            assertThat(fields).hasSize(6);
            assertThat(Integer.parseInt(fields[4])).isEqualTo(client.getLocalPort());
            assertThat(Integer.parseInt(fields[5])).isEqualTo(lbPort);
        }

        elb.setLoadBalancerPoliciesForBackendServer(b -> b.loadBalancerName("pp").instancePort(instancePort)
                .policyNames(java.util.List.of()));
        awaitPrefix(lb, String::isEmpty, "no header once the policy is removed");
        assertThat(elb.describeLoadBalancers(b -> b.loadBalancerNames("pp")).loadBalancerDescriptions().get(0)
                .backendServerDescriptions()).isEmpty();
    }

    /** Opens new connections to {@code lb} until the target sees one whose prefix passes {@code expected}. */
    private void awaitPrefix(InetSocketAddress lb, Predicate<String> expected, String what) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            String prefix = null;
            try (Socket client = connectAndGreet(lb)) {
                prefix = prefixes.poll(5, TimeUnit.SECONDS);
            } catch (java.net.ConnectException e) {
                Thread.sleep(50); // the listener is not bound yet: polled again until the deadline
            }
            if (prefix != null && expected.test(prefix)) {
                prefixes.clear();
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + " not seen within 10 s; last prefix: " + prefix);
            }
        }
    }

    /** A client connection to {@code lb} that has sent {@link #GREETING}. */
    private static Socket connectAndGreet(InetSocketAddress lb) throws IOException {
        Socket client = new Socket();
        client.connect(lb, 5000);
        client.getOutputStream().write(GREETING.getBytes(StandardCharsets.US_ASCII));
        client.getOutputStream().flush();
        return client;
    }

    /** Accepts connections; queues what came before the greeting on each one that sent it. */
    private void serve() {
        while (!target.isClosed()) {
            try {
                Socket s = target.accept();
                Thread reader = new Thread(() -> readPrefix(s), "proxy-protocol-reader");
                reader.setDaemon(true);
                reader.start();
            } catch (IOException e) {
                return; // closed by the test
            }
        }
    }

    private void readPrefix(Socket s) {
        try (s) {
            s.setSoTimeout(10_000);
            InputStream in = s.getInputStream();
            ByteArrayOutputStream seen = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) >= 0) {
                seen.write(b);
                String text = seen.toString(StandardCharsets.US_ASCII);
                if (text.endsWith(GREETING)) {
                    prefixes.add(text.substring(0, text.length() - GREETING.length()));
                    return;
                }
            }
        } catch (SocketException e) {
            // a health check's connection closed or reset
        } catch (IOException e) {
            // timed out or broken: nothing to queue
        }
    }
}
