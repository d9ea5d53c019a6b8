package dev.ballast.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ballast.proxy.Await;
import dev.ballast.server.ControlPlane;
import dev.ballast.server.Http;
import dev.ballast.server.hello.HelloServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.elasticloadbalancing.ElasticLoadBalancingClient;
import software.amazon.awssdk.services.elasticloadbalancing.model.Instance;
import software.amazon.awssdk.services.elasticloadbalancing.model.InstanceState;
import software.amazon.awssdk.services.elasticloadbalancing.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancing.model.LoadBalancerDescription;
import software.amazon.awssdk.services.elasticloadbalancing.model.PolicyAttribute;
import software.amazon.awssdk.services.elasticloadbalancing.model.PolicyDescription;
import software.amazon.awssdk.services.elasticloadbalancing.model.PolicyTypeDescription;

/**
 * The Classic policy API (Elastic Load Balancing API reference, 2012-06-01: CreateLoadBalancerPolicy,
 * CreateLBCookieStickinessPolicy, CreateAppCookieStickinessPolicy, SetLoadBalancerPoliciesOfListener,
 * SetLoadBalancerPoliciesForBackendServer, DescribeLoadBalancerPolicies, DescribeLoadBalancerPolicyTypes,
 * DeleteLoadBalancerPolicy) driven by the AWS SDK for Java v2, and the stickiness it configures on real traffic.
 */
@Timeout(120)
class ClassicPolicySdkTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dataDir;
    private ControlPlane plane;
    private ElasticLoadBalancingClient elb;
    private final List<HelloServer> nodes = new ArrayList<>();
    private final List<com.sun.net.httpserver.HttpServer> apps = new ArrayList<>();

    @BeforeEach
    void start() {
        plane = ApiTestSupport.startControlPlane(dataDir, Map.of());
        elb = ClassicSdkTest.client(plane.apiAddress());
    }

    @AfterEach
    void stop() {
        elb.close();
        plane.close();
        nodes.forEach(HelloServer::close);
        apps.forEach(a -> a.stop(0));
    }

    private static void assertError(ThrowingCallable call, String code, int status, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(AwsServiceException.class, e -> {
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
            assertThat(e.statusCode()).isEqualTo(status);
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(message);
        });
    }

    private void createWeb(int httpPort, int tcpPort, int instancePort) {
        elb.createLoadBalancer(b -> b.loadBalancerName("web").listeners(
                Listener.builder().protocol("HTTP").loadBalancerPort(httpPort).instancePort(instancePort).build(),
                Listener.builder().protocol("TCP").loadBalancerPort(tcpPort).instancePort(instancePort).build()));
    }

    private LoadBalancerDescription describeWeb() {
        return elb.describeLoadBalancers(b -> b.loadBalancerNames("web")).loadBalancerDescriptions().get(0);
    }

    @Test
    void policiesAreCreatedEnabledDescribedAndDeletedAsTheApiReferenceSays() throws Exception {
        int httpPort = Http.freePort();
        int tcpPort = Http.freePort();
        createWeb(httpPort, tcpPort, 8080);
        elb.createLBCookieStickinessPolicy(b -> b.loadBalancerName("web").policyName("lb-sticky")
                .cookieExpirationPeriod(60L));
        elb.createAppCookieStickinessPolicy(b -> b.loadBalancerName("web").policyName("app-sticky")
                .cookieName("JSESSIONID"));
        elb.createLoadBalancerPolicy(b -> b.loadBalancerName("web").policyName("proxy")
                .policyTypeName("ProxyProtocolPolicyType")
                .policyAttributes(PolicyAttribute.builder().attributeName("ProxyProtocol").attributeValue("true")
                        .build()));

        // DuplicatePolicyName: "A policy with the specified name already exists for this load balancer."
        assertError(() -> elb.createLBCookieStickinessPolicy(b -> b.loadBalancerName("web").policyName("proxy")),
                "DuplicatePolicyName", 400, "Policy name [proxy] already exists for load balancer [web]");
        // PolicyTypeNotFound: "One or more of the specified policy types do not exist."
        assertError(() -> elb.createLoadBalancerPolicy(b -> b.loadBalancerName("web").policyName("x")
                .policyTypeName("NoSuchPolicyType")), "PolicyTypeNotFound", 400, "PolicyTypeName: NoSuchPolicyType"
                + " (expected: one of ProxyProtocolPolicyType, PublicKeyPolicyType,"
                + " BackendServerAuthenticationPolicyType, SSLNegotiationPolicyType, AppCookieStickinessPolicyType,"
                + " LBCookieStickinessPolicyType)");
        // The type's attributes: ProxyProtocol is required (cardinality ONE).
        assertError(() -> elb.createLoadBalancerPolicy(b -> b.loadBalancerName("web").policyName("x")
                .policyTypeName("ProxyProtocolPolicyType")), "InvalidConfigurationRequest", 409,
                "PolicyAttributes: ProxyProtocol missing (expected: one for ProxyProtocolPolicyType)");
        assertError(() -> elb.createLBCookieStickinessPolicy(b -> b.loadBalancerName("nope").policyName("x")),
                "LoadBalancerNotFound", 400, "There is no ACTIVE Load Balancer named 'nope'");

        elb.setLoadBalancerPoliciesOfListener(b -> b.loadBalancerName("web").loadBalancerPort(httpPort)
                .policyNames("lb-sticky"));
        elb.setLoadBalancerPoliciesForBackendServer(b -> b.loadBalancerName("web").instancePort(8080)
                .policyNames("proxy"));
        // "This policy can be associated only with HTTP/HTTPS listeners." (LBCookieStickinessPolicyType)
        assertError(() -> elb.setLoadBalancerPoliciesOfListener(b -> b.loadBalancerName("web")
                .loadBalancerPort(tcpPort).policyNames("lb-sticky")), "InvalidConfigurationRequest", 409,
                "PolicyNames: lb-sticky (expected: a LBCookieStickinessPolicyType policy only on HTTP or HTTPS"
                        + " listeners; the listener on port " + tcpPort + " is TCP)");
        // PolicyNotFound: "One or more of the specified policies do not exist."
        assertError(() -> elb.setLoadBalancerPoliciesOfListener(b -> b.loadBalancerName("web")
                .loadBalancerPort(httpPort).policyNames("missing")), "PolicyNotFound", 400,
                "There is no policy with name missing for load balancer web");
        // ListenerNotFound: "The load balancer does not have a listener configured at the specified port."
        assertError(() -> elb.setLoadBalancerPoliciesOfListener(b -> b.loadBalancerName("web")
                .loadBalancerPort(1).policyNames("lb-sticky")), "ListenerNotFound", 400,
                "There is no listener on port 1 of load balancer web");
        // DeleteLoadBalancerPolicy: "The policy must not be enabled for any listeners."
        assertError(() -> elb.deleteLoadBalancerPolicy(b -> b.loadBalancerName("web").policyName("lb-sticky")),
                "InvalidConfigurationRequest", 409, "Policy lb-sticky is enabled on a listener or backend server of"
                        + " load balancer web; remove it there first");

        LoadBalancerDescription d = describeWeb();
        assertThat(d.listenerDescriptions().get(0).policyNames()).containsExactly("lb-sticky");
        assertThat(d.listenerDescriptions().get(1).policyNames()).isEmpty();
        assertThat(d.policies().lbCookieStickinessPolicies()).singleElement().satisfies(p -> {
            assertThat(p.policyName()).isEqualTo("lb-sticky");
            assertThat(p.cookieExpirationPeriod()).isEqualTo(60L);
        });
        assertThat(d.policies().appCookieStickinessPolicies()).singleElement().satisfies(p -> {
            assertThat(p.policyName()).isEqualTo("app-sticky");
            assertThat(p.cookieName()).isEqualTo("JSESSIONID");
        });
        assertThat(d.policies().otherPolicies()).containsExactly("proxy");
        assertThat(d.backendServerDescriptions()).singleElement().satisfies(b -> {
            assertThat(b.instancePort()).isEqualTo(8080);
            assertThat(b.policyNames()).containsExactly("proxy");
        });

        assertThat(elb.describeLoadBalancerPolicies(b -> b.loadBalancerName("web")).policyDescriptions())
                .extracting(PolicyDescription::policyName).containsExactly("lb-sticky", "app-sticky", "proxy");
        PolicyDescription proxy = elb.describeLoadBalancerPolicies(b -> b.loadBalancerName("web")
                .policyNames("proxy")).policyDescriptions().get(0);
        assertThat(proxy.policyTypeName()).isEqualTo("ProxyProtocolPolicyType");
        assertThat(proxy.policyAttributeDescriptions()).singleElement().satisfies(a -> {
            assertThat(a.attributeName()).isEqualTo("ProxyProtocol");
            assertThat(a.attributeValue()).isEqualTo("true");
        });
        // "If you don't specify a load balancer name, the action returns descriptions of the specified sample
        // policies, or descriptions of all sample policies."
        List<String> samples = elb.describeLoadBalancerPolicies(b -> { }).policyDescriptions().stream()
                .map(PolicyDescription::policyName).toList();
        assertThat(samples).contains("ELBSecurityPolicy-2016-08", "ELBSecurityPolicy-TLS-1-2-2017-01")
                .anyMatch(n -> n.startsWith("ELBSample-"));
        PolicyDescription tls12 = elb.describeLoadBalancerPolicies(b -> b.policyNames(
                "ELBSecurityPolicy-TLS-1-2-2017-01")).policyDescriptions().get(0);
        assertThat(tls12.policyTypeName()).isEqualTo("SSLNegotiationPolicyType");
        assertThat(tls12.policyAttributeDescriptions()).anySatisfy(a -> {
            assertThat(a.attributeName()).isEqualTo("Protocol-TLSv1");
            assertThat(a.attributeValue()).isEqualTo("false");
        });
        assertError(() -> elb.describeLoadBalancerPolicies(b -> b.policyNames("ELBSample-None")), "PolicyNotFound",
                400, "There is no policy with name ELBSample-None");

        assertThat(elb.describeLoadBalancerPolicyTypes(b -> { }).policyTypeDescriptions())
                .extracting(PolicyTypeDescription::policyTypeName).contains("LBCookieStickinessPolicyType",
                        "AppCookieStickinessPolicyType", "SSLNegotiationPolicyType", "ProxyProtocolPolicyType");
        PolicyTypeDescription lbCookie = elb.describeLoadBalancerPolicyTypes(b -> b.policyTypeNames(
                "LBCookieStickinessPolicyType")).policyTypeDescriptions().get(0);
        assertThat(lbCookie.policyAttributeTypeDescriptions()).singleElement().satisfies(a -> {
            assertThat(a.attributeName()).isEqualTo("CookieExpirationPeriod");
            assertThat(a.attributeType()).isEqualTo("Long");
            assertThat(a.cardinality()).isEqualTo("ZERO_OR_ONE");
        });
        assertThat(assertThatThrownBy(() -> elb.describeLoadBalancerPolicyTypes(b -> b.policyTypeNames("Nope")))
                .isInstanceOf(AwsServiceException.class)).isNotNull();

        // Persisted: a restart keeps the policies and where they are enabled.
        elb.close();
        plane.close();
        plane = ApiTestSupport.startControlPlane(dataDir, Map.of());
        elb = ClassicSdkTest.client(plane.apiAddress());
        assertThat(describeWeb().listenerDescriptions().get(0).policyNames()).containsExactly("lb-sticky");
        assertThat(describeWeb().backendServerDescriptions()).hasSize(1);

        // An empty list disables every policy of the listener; then the policy can be deleted.
        elb.setLoadBalancerPoliciesOfListener(b -> b.loadBalancerName("web").loadBalancerPort(httpPort)
                .policyNames(List.of()));
        elb.deleteLoadBalancerPolicy(b -> b.loadBalancerName("web").policyName("lb-sticky"));
        assertThat(describeWeb().listenerDescriptions().get(0).policyNames()).isEmpty();
        assertThat(describeWeb().policies().lbCookieStickinessPolicies()).isEmpty();
    }

    @Test
    void lbCookieStickinessSendsAClientWithTheAwselbCookieToOneInstance() throws Exception {
        int instancePort = Http.freePortOn("127.0.0.2", "127.0.0.3", "127.0.0.4");
        for (int i = 2; i <= 4; i++) {
            nodes.add(HelloServer.start(new InetSocketAddress("127.0.0." + i, instancePort), "node-" + i));
        }
        int httpPort = Http.freePort();
        createWeb(httpPort, Http.freePort(), instancePort);
        elb.configureHealthCheck(b -> b.loadBalancerName("web").healthCheck(h -> h.target("HTTP:" + instancePort
                + "/").interval(5).timeout(2).unhealthyThreshold(2).healthyThreshold(2)));
        elb.registerInstancesWithLoadBalancer(b -> b.loadBalancerName("web").instances(
                Instance.builder().instanceId("127.0.0.2").build(), Instance.builder().instanceId("127.0.0.3").build(),
                Instance.builder().instanceId("127.0.0.4").build()));
        Await.until("3 of 3 InService", Duration.ofSeconds(30), () -> elb.describeInstanceHealth(b -> b
                .loadBalancerName("web")).instanceStates().stream().map(InstanceState::state)
                .allMatch("InService"::equals));
        String url = "http://127.0.0.1:" + httpPort + "/";

        // Without a policy: no cookie, requests spread over the instances.
        HttpResponse<String> plain = get(url, null);
        assertThat(plain.headers().allValues("set-cookie")).isEmpty();

        elb.createLBCookieStickinessPolicy(b -> b.loadBalancerName("web").policyName("sticky")
                .cookieExpirationPeriod(600L));
        elb.setLoadBalancerPoliciesOfListener(b -> b.loadBalancerName("web").loadBalancerPort(httpPort)
                .policyNames("sticky"));
        HttpResponse<String> first = get(url, null);
        String setCookie = first.headers().firstValue("set-cookie").orElseThrow();
        // Classic's LB-generated cookie: AWSELB, expiring after CookieExpirationPeriod.
        assertThat(setCookie).startsWith("AWSELB=").contains("Max-Age=600").contains("Path=/");
        assertThat(first.headers().allValues("set-cookie")).hasSize(1);
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        String pinned = Http.taskId(first.body());
        for (int i = 0; i < 12; i++) {
            assertThat(Http.taskId(get(url, cookie).body())).isEqualTo(pinned);
        }
        Set<String> unpinned = new HashSet<>();
        for (int i = 0; i < 12; i++) {
            unpinned.add(Http.taskId(get(url, null).body()));
        }
        assertThat(unpinned).containsExactlyInAnyOrder("node-2", "node-3", "node-4");

        // Without CookieExpirationPeriod the cookie lasts the browser session.
        elb.createLBCookieStickinessPolicy(b -> b.loadBalancerName("web").policyName("session"));
        elb.setLoadBalancerPoliciesOfListener(b -> b.loadBalancerName("web").loadBalancerPort(httpPort)
                .policyNames("session"));
        String session = get(url, null).headers().firstValue("set-cookie").orElseThrow();
        assertThat(session).startsWith("AWSELB=").doesNotContain("Max-Age").doesNotContain("Expires");
    }

    @Test
    void appCookieStickinessFollowsTheApplicationsCookie() throws Exception {
        int instancePort = Http.freePortOn("127.0.0.2", "127.0.0.3", "127.0.0.4");
        for (int i = 2; i <= 4; i++) {
            apps.add(sessionApp("127.0.0." + i, instancePort));
        }
        int httpPort = Http.freePort();
        createWeb(httpPort, Http.freePort(), instancePort);
        elb.configureHealthCheck(b -> b.loadBalancerName("web").healthCheck(h -> h.target("HTTP:" + instancePort
                + "/").interval(5).timeout(2).unhealthyThreshold(2).healthyThreshold(2)));
        elb.createAppCookieStickinessPolicy(b -> b.loadBalancerName("web").policyName("app")
                .cookieName("JSESSIONID"));
        elb.setLoadBalancerPoliciesOfListener(b -> b.loadBalancerName("web").loadBalancerPort(httpPort)
                .policyNames("app"));
        elb.registerInstancesWithLoadBalancer(b -> b.loadBalancerName("web").instances(
                Instance.builder().instanceId("127.0.0.2").build(), Instance.builder().instanceId("127.0.0.3").build(),
                Instance.builder().instanceId("127.0.0.4").build()));
        Await.until("3 of 3 InService", Duration.ofSeconds(30), () -> elb.describeInstanceHealth(b -> b
                .loadBalancerName("web")).instanceStates().stream().map(InstanceState::state)
                .allMatch("InService"::equals));
        String url = "http://127.0.0.1:" + httpPort + "/";

        // The application sets JSESSIONID: the load balancer adds its AWSELB cookie, a session cookie.
        HttpResponse<String> first = get(url, null);
        List<String> set = first.headers().allValues("set-cookie");
        assertThat(set).anyMatch(c -> c.startsWith("JSESSIONID="));
        String awselb = set.stream().filter(c -> c.startsWith("AWSELB=")).findFirst().orElseThrow();
        assertThat(awselb).doesNotContain("Max-Age");
        String session = set.stream().filter(c -> c.startsWith("JSESSIONID=")).findFirst().orElseThrow();
        String both = session.substring(0, session.indexOf(';')) + "; " + awselb.substring(0, awselb.indexOf(';'));
        String pinned = first.body();
        for (int i = 0; i < 12; i++) {
            HttpResponse<String> again = get(url, both);
            assertThat(again.body()).isEqualTo(pinned);
            // "The load balancer only inserts a new stickiness cookie if the application response includes a new
            // application cookie."
            assertThat(again.headers().allValues("set-cookie")).isEmpty();
        }
        // "If the application cookie is explicitly removed or expires, the session stops being sticky."
        Set<String> withoutAppCookie = new HashSet<>();
        String onlyAwselb = awselb.substring(0, awselb.indexOf(';'));
        for (int i = 0; i < 12; i++) {
            withoutAppCookie.add(get(url, onlyAwselb).body());
        }
        assertThat(withoutAppCookie).containsExactlyInAnyOrder("app-127.0.0.2", "app-127.0.0.3", "app-127.0.0.4");
    }

    @Test
    void sslNegotiationPolicyDecidesTheCiphersOfAnHttpsListener() throws Exception {
        int instancePort = Http.freePortOn("127.0.0.2");
        nodes.add(HelloServer.start(new InetSocketAddress("127.0.0.2", instancePort), "node-2"));
        var pem = dev.ballast.proxy.tls.TestCertificates.selfSigned(dataDir, "classic.example.test");
        String arn;
        try (var acm = ApiTestSupport.acmClient(plane.apiAddress(), "test", "test")) {
            arn = acm.importCertificate(r -> r.certificate(software.amazon.awssdk.core.SdkBytes.fromUtf8String(
                    pem.certificate())).privateKey(software.amazon.awssdk.core.SdkBytes.fromUtf8String(
                    pem.privateKey()))).certificateArn();
        }
        int httpsPort = Http.freePort();
        elb.createLoadBalancer(b -> b.loadBalancerName("tls").listeners(Listener.builder().protocol("HTTPS")
                .loadBalancerPort(httpsPort).instanceProtocol("HTTP").instancePort(instancePort)
                .sslCertificateId(arn).build()));
        elb.registerInstancesWithLoadBalancer(b -> b.loadBalancerName("tls")
                .instances(Instance.builder().instanceId("127.0.0.2").build()));
        String aes128 = "ECDHE-RSA-AES128-GCM-SHA256";
        // Classic's default, ELBSecurityPolicy-2016-08, offers AES128-GCM.
        assertThat(curl(httpsPort, pem, aes128).output()).contains("node-2");

        // "Listener policy that defines the ciphers and protocols that will be accepted by the load balancer."
        elb.createLoadBalancerPolicy(b -> b.loadBalancerName("tls").policyName("aes256-only")
                .policyTypeName("SSLNegotiationPolicyType").policyAttributes(
                        PolicyAttribute.builder().attributeName("Protocol-TLSv1.2").attributeValue("true").build(),
                        PolicyAttribute.builder().attributeName("ECDHE-RSA-AES256-GCM-SHA384").attributeValue("true")
                                .build()));
        elb.setLoadBalancerPoliciesOfListener(b -> b.loadBalancerName("tls").loadBalancerPort(httpsPort)
                .policyNames("aes256-only"));
        Await.until("AES128-GCM refused", Duration.ofSeconds(10), () -> curl(httpsPort, pem, aes128).exitCode() != 0);
        assertThat(curl(httpsPort, pem, "ECDHE-RSA-AES256-GCM-SHA384").output()).contains("node-2");

        // A policy that references a predefined one takes its settings; an unknown reference is refused.
        elb.createLoadBalancerPolicy(b -> b.loadBalancerName("tls").policyName("reference")
                .policyTypeName("SSLNegotiationPolicyType").policyAttributes(PolicyAttribute.builder()
                        .attributeName("Reference-Security-Policy").attributeValue("ELBSecurityPolicy-TLS-1-2-2017-01")
                        .build()));
        elb.setLoadBalancerPoliciesOfListener(b -> b.loadBalancerName("tls").loadBalancerPort(httpsPort)
                .policyNames("reference"));
        Await.until("AES128-GCM accepted again", Duration.ofSeconds(10),
                () -> curl(httpsPort, pem, aes128).output().contains("node-2"));
        assertError(() -> elb.createLoadBalancerPolicy(b -> b.loadBalancerName("tls").policyName("bad")
                .policyTypeName("SSLNegotiationPolicyType").policyAttributes(PolicyAttribute.builder()
                        .attributeName("Reference-Security-Policy").attributeValue("ELBSecurityPolicy-Nope").build())),
                "InvalidConfigurationRequest", 409, "Reference-Security-Policy: ELBSecurityPolicy-Nope (expected: a"
                        + " predefined ELBSecurityPolicy-* policy)");
        // "This policy can be associated only with HTTPS/SSL listeners."
        assertThat(describe("tls").listenerDescriptions().get(0).policyNames()).containsExactly("reference");
    }

    private LoadBalancerDescription describe(String name) {
        return elb.describeLoadBalancers(b -> b.loadBalancerNames(name)).loadBalancerDescriptions().get(0);
    }

    private dev.ballast.proxy.tls.CommandLine.Result curl(int port, dev.ballast.proxy.tls.TestCertificates.Pem trusted,
                                                          String cipher) {
        return dev.ballast.proxy.tls.CommandLine.run(dataDir, Duration.ofSeconds(20), "", List.of("curl", "-sS",
                "--max-time", "10", "--tls-max", "1.2", "--ciphers", cipher, "--cacert",
                trusted.certificateFile().toString(), "--resolve", "classic.example.test:" + port + ":127.0.0.1",
                "https://classic.example.test:" + port + "/"));
    }

    /** An application on {@code address} that answers its name and sets JSESSIONID when the request has none. */
    private static com.sun.net.httpserver.HttpServer sessionApp(String address, int port) throws Exception {
        var server = com.sun.net.httpserver.HttpServer.create(new InetSocketAddress(address, port), 16);
        server.createContext("/", exchange -> {
            String cookies = String.join(";", exchange.getRequestHeaders().getOrDefault("Cookie", List.of()));
            if (!cookies.contains("JSESSIONID=")) {
                exchange.getResponseHeaders().add("Set-Cookie", "JSESSIONID=" + address + "; Path=/");
            }
            byte[] body = ("app-" + address).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }

    private static HttpResponse<String> get(String url, String cookie) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return r;
    }
}
