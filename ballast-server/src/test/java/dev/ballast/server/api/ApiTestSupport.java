package dev.ballast.server.api;

import com.sun.net.httpserver.HttpServer;
import dev.ballast.server.ControlPlane;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.servicediscovery.ServiceDiscoveryClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthStateEnum;

/**
 * Helpers for API tests: a control plane on a temporary data directory, SDK clients pointed at it, real HTTP
 * target servers and a raw HTTP/1.1 client that sets any Host header.
 *
 * <p>Not thread-safe: one per test class.
 */
final class ApiTestSupport {
    private ApiTestSupport() {}

    /** A control plane with its API on a free loopback port and internet-facing load balancers on 127.0.0.1. */
    static ControlPlane startControlPlane(Path dataDir, Map<String, String> accessKeys) {
        return ControlPlane.start(new ControlPlane.Options(dataDir, "127.0.0.1", 0, "127.0.0.1", accessKeys, 1));
    }

    /** An SDK client for {@code plane} signing with the given keys. */
    static ElasticLoadBalancingV2Client client(InetSocketAddress api, String accessKey, String secret) {
        return pointedAt(ElasticLoadBalancingV2Client.builder(), api, accessKey, secret).build();
    }

    /** An ECS SDK client for {@code api} signing with the given keys, without retries. */
    static EcsClient ecsClient(InetSocketAddress api, String accessKey, String secret) {
        return pointedAt(EcsClient.builder(), api, accessKey, secret).build();
    }

    /** A Route 53 SDK client for {@code api} signing with the given keys, without retries. */
    static software.amazon.awssdk.services.acm.AcmClient acmClient(InetSocketAddress api, String accessKey,
                                                                   String secret) {
        return pointedAt(software.amazon.awssdk.services.acm.AcmClient.builder(), api, accessKey, secret).build();
    }

    /** Imports a new self-signed certificate for {@code name} (key material under {@code dir}) through ACM. */
    static String importCertificate(ControlPlane plane, Path dir, String name) {
        var pem = dev.ballast.proxy.tls.TestCertificates.selfSigned(dir, name);
        try (var acm = acmClient(plane.apiAddress(), "any", "credentials")) {
            return acm.importCertificate(r -> r.certificate(software.amazon.awssdk.core.SdkBytes.fromUtf8String(
                    pem.certificate())).privateKey(software.amazon.awssdk.core.SdkBytes.fromUtf8String(
                    pem.privateKey()))).certificateArn();
        }
    }

    /** An EC2 SDK client for {@code api} signing with the given keys, without retries. */
    static software.amazon.awssdk.services.ec2.Ec2Client ec2Client(InetSocketAddress api, String accessKey,
                                                                   String secret) {
        return pointedAt(software.amazon.awssdk.services.ec2.Ec2Client.builder(), api, accessKey, secret).build();
    }

    /** A CloudFormation SDK client for {@code api}, without retries. */
    static software.amazon.awssdk.services.cloudformation.CloudFormationClient cloudFormationClient(
            InetSocketAddress api) {
        return pointedAt(software.amazon.awssdk.services.cloudformation.CloudFormationClient.builder(), api, "test",
                "test").build();
    }

    /** The SDK's CloudFormation waiters polling every 100 ms instead of 30 s (the waiter logic is the SDK's own). */
    static software.amazon.awssdk.services.cloudformation.waiters.CloudFormationWaiter cloudFormationWaiter(
            software.amazon.awssdk.services.cloudformation.CloudFormationClient cfn) {
        return software.amazon.awssdk.services.cloudformation.waiters.CloudFormationWaiter.builder().client(cfn)
                .overrideConfiguration(software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration.builder()
                        .backoffStrategy(a -> java.time.Duration.ofMillis(100)).maxAttempts(600).build()).build();
    }

    static Route53Client route53Client(InetSocketAddress api, String accessKey, String secret) {
        return pointedAt(Route53Client.builder(), api, accessKey, secret).build();
    }

    /**
     * A Cloud Map SDK client for {@code api} without retries. Host prefix injection is off: DiscoverInstances'
     * endpoint has the host prefix {@code data-}, which would turn 127.0.0.1 into the unresolvable
     * {@code data-127.0.0.1}.
     */
    static ServiceDiscoveryClient cloudMapClient(InetSocketAddress api) {
        return pointedAt(ServiceDiscoveryClient.builder(), api, "test", "test")
                .overrideConfiguration(c -> c.retryStrategy(r -> r.maxAttempts(1))
                        .putAdvancedOption(SdkAdvancedClientOption.DISABLE_HOST_PREFIX_INJECTION, true))
                .build();
    }

    /** {@code builder} aimed at {@code api} in us-east-1 with the given keys, the Apache client and no retries. */
    private static <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B pointedAt(B builder,
            InetSocketAddress api, String accessKey, String secret) {
        return builder.endpointOverride(URI.create("http://127.0.0.1:" + api.getPort()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secret)))
                .httpClientBuilder(ApacheHttpClient.builder())
                .overrideConfiguration(c -> c.retryStrategy(b -> b.maxAttempts(1)));
    }

    /** A port that was free a moment ago. */
    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A real HTTP target on 127.0.0.1 answering every request with {@code name}. */
    static HttpServer target(String name) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
            server.createContext("/", exchange -> {
                try (exchange) {
                    exchange.getRequestBody().readAllBytes();
                    byte[] body = name.getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(200, body.length);
                    exchange.getResponseBody().write(body);
                }
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Status line code and body of one HTTP/1.1 request. */
    record Response(int status, String body) {}

    /** {@code GET path} to {@code address:port} with the given Host header, on a new connection. */
    static Response get(String address, int port, String host, String path) {
        try (Socket socket = new Socket(address, port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int status = Integer.parseInt(text.substring(9, 12));
            int split = text.indexOf("\r\n\r\n");
            String headers = text.substring(0, split);
            String body = text.substring(split + 4);
            if (headers.toLowerCase().contains("transfer-encoding: chunked")) {
                body = dechunk(body);
            }
            return new Response(status, body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String dechunk(String body) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < body.length()) {
            int eol = body.indexOf("\r\n", i);
            int size = Integer.parseInt(body.substring(i, eol).split(";")[0].trim(), 16);
            if (size == 0) {
                break;
            }
            out.append(body, eol + 2, eol + 2 + size);
            i = eol + 2 + size + 2;
        }
        return out.toString();
    }

    /**
     * Polls {@code request} until its body equals {@code expected} or 10 s pass; returns the last response. It
     * spins rather than sleeps between polls: ApplyLatencyTest measures how soon a change is seen, in microseconds.
     */
    static Response await(java.util.function.Supplier<Response> request, String expected) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        Response last = null;
        while (System.nanoTime() < deadline) {
            try {
                last = request.get();
                if (last.body().equals(expected)) {
                    return last;
                }
            } catch (UncheckedIOException e) {
                // not bound yet
            }
            Thread.onSpinWait();
        }
        return last;
    }

    /**
     * One client for every {@link #post}: its kept-alive connection is reused. A client per call left one open
     * connection per call until that client was collected, and a test posting thousands of forms reached the API's
     * connection cap (1024), which closes new connections without an answer.
     */
    private static final java.net.http.HttpClient POST_CLIENT = java.net.http.HttpClient.newBuilder()
            .version(java.net.http.HttpClient.Version.HTTP_1_1).build();

    /** An unsigned {@code POST /} of the form {@code form} to the API (for servers started without access keys). */
    static java.net.http.HttpResponse<String> post(InetSocketAddress api, String form) {
        try {
            return POST_CLIENT
                    .send(java.net.http.HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.getPort() + "/"))
                            .timeout(Duration.ofSeconds(10))
                            .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(form, StandardCharsets.UTF_8))
                            .build(), java.net.http.HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Code and message of an AWS {@code ErrorResponse}. */
    record ErrorDocument(String code, String message) {}

    /** Parses {@code xml} as an {@code ErrorResponse}; fails when it is not well-formed XML. */
    static ErrorDocument error(String xml) {
        org.w3c.dom.Document doc = parse(xml);
        return new ErrorDocument(doc.getElementsByTagName("Code").item(0).getTextContent(),
                doc.getElementsByTagName("Message").item(0).getTextContent());
    }

    /** Parses {@code xml}; fails when it is not a well-formed XML 1.0 document. */
    static org.w3c.dom.Document parse(String xml) {
        try {
            return javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(new org.xml.sax.InputSource(new java.io.StringReader(xml)));
        } catch (javax.xml.parsers.ParserConfigurationException | org.xml.sax.SAXException | IOException e) {
            throw new AssertionError("not well-formed XML: " + xml, e);
        }
    }

    /** Waits up to 20 s until {@code count} targets of group {@code groupArn} are healthy. */
    static void awaitAllHealthy(ElasticLoadBalancingV2Client elb, String groupArn, int count)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            long healthy = elb.describeTargetHealth(r -> r.targetGroupArn(groupArn)).targetHealthDescriptions()
                    .stream().filter(d -> d.targetHealth().state() == TargetHealthStateEnum.HEALTHY).count();
            if (healthy == count) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(healthy + " of " + count + " targets healthy after 20 s");
            }
            Thread.sleep(50); // polling the API: no need to spin
        }
    }

    /** {@code n} bodies of successive requests. */
    static List<String> bodies(String address, int port, String host, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(get(address, port, host, "/").body());
        }
        return out;
    }

    /** The {@code p}th percentile (0 = the smallest) of {@code values}. */
    static long percentile(List<Long> values, int p) {
        List<Long> sorted = new ArrayList<>(values);
        java.util.Collections.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
