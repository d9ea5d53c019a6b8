package dev.ballast.api.classic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.api.query.ApiResponse;
import dev.ballast.api.query.QueryCalls;
import dev.ballast.api.query.QueryDispatcher;
import dev.ballast.api.query.QueryServiceModel;
import dev.ballast.control.ConfigPublisher;
import dev.ballast.control.classic.ClassicControl;
import dev.ballast.control.elbv2.ElbSettings;
import dev.ballast.control.store.SqliteStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Classic API's XML for the requests of the examples on AWS's Classic ELB API reference pages: byte for byte
 * against {@code golden/classic}, against botocore's {@code elb/2012-06-01} model, and against AWS's example
 * responses in {@code golden/classic/aws} (see {@code golden/README.md}).
 */
class ClassicGoldenXmlTest {
    private static final Path GOLDEN = Path.of("src", "test", "resources", "golden", "classic");
    private static final QueryServiceModel MODEL = QueryServiceModel.load("elb", "2012-06-01");

    @TempDir
    Path dataDir;

    private SqliteStore store;
    private QueryDispatcher dispatcher;

    @BeforeEach
    void start() {
        store = SqliteStore.open(dataDir);
        ClassicControl control = ClassicControl.open(store, new ConfigPublisher(), ElbSettings.defaults("127.0.0.1"),
                Clock.fixed(Instant.parse("2026-01-02T03:04:05.678Z"), ZoneOffset.UTC), new SplittableRandom(42));
        dispatcher = new QueryDispatcher(ClassicService.NAMESPACE).register(new ClassicService(control));
    }

    @AfterEach
    void stop() {
        store.close();
    }

    private ApiResponse call(String action, String... pairs) {
        ApiResponse response = QueryCalls.call(dispatcher, "2012-06-01", action, pairs);
        assertThat(response.status()).as(action + ": " + response.body()).isEqualTo(200);
        assertThat(MODEL.violations(action, response.body())).as(action + " against the service model").isEmpty();
        return response;
    }

    private static void assertGolden(String name, ApiResponse response) throws IOException {
        QueryCalls.assertMatchesGolden(GOLDEN.resolve(name + ".xml"), response.body());
    }

    /** The element paths of AWS's example golden/classic/aws/{@code name}.xml that {@code response} lacks. */
    private static Set<String> missingFromAwsExample(String name, ApiResponse response) throws IOException {
        return QueryCalls.pathsMissing(GOLDEN.resolve("aws").resolve(name + ".xml"), response.body());
    }

    @Test
    void responseShapes() throws IOException {
        ApiResponse created = call("CreateLoadBalancer", "LoadBalancerName", "my-load-balancer",
                "Listeners.member.1.Protocol", "HTTP", "Listeners.member.1.LoadBalancerPort", "80",
                "Listeners.member.1.InstanceProtocol", "HTTP", "Listeners.member.1.InstancePort", "80",
                "AvailabilityZones.member.1", "us-west-2a");
        assertGolden("create-load-balancer", created);
        assertThat(missingFromAwsExample("create-load-balancer", created)).isEmpty();

        ApiResponse check = call("ConfigureHealthCheck", "LoadBalancerName", "my-load-balancer",
                "HealthCheck.Target", "HTTP:80/png", "HealthCheck.Interval", "30", "HealthCheck.Timeout", "3",
                "HealthCheck.UnhealthyThreshold", "2", "HealthCheck.HealthyThreshold", "2");
        assertGolden("configure-health-check", check);
        assertThat(missingFromAwsExample("configure-health-check", check)).isEmpty();

        call("RegisterInstancesWithLoadBalancer", "LoadBalancerName", "my-load-balancer",
                "Instances.member.1.InstanceId", "127.0.0.2", "Instances.member.2.InstanceId", "127.0.0.3");
        ApiResponse registered = call("RegisterInstancesWithLoadBalancer", "LoadBalancerName", "my-load-balancer",
                "Instances.member.1.InstanceId", "127.0.0.4");
        assertGolden("register-instances-with-load-balancer", registered);
        assertThat(missingFromAwsExample("register-instances-with-load-balancer", registered)).isEmpty();

        ApiResponse health = call("DescribeInstanceHealth", "LoadBalancerName", "my-load-balancer");
        assertGolden("describe-instance-health", health);
        assertThat(missingFromAwsExample("describe-instance-health", health)).isEmpty();

        ApiResponse attributes = call("DescribeLoadBalancerAttributes", "LoadBalancerName", "my-load-balancer");
        assertGolden("describe-load-balancer-attributes", attributes);
        assertThat(missingFromAwsExample("describe-load-balancer-attributes", attributes)).isEmpty();

        // AWS's DescribeLoadBalancers example is of a load balancer in a VPC subnet with a security group.
        call("CreateLoadBalancer", "LoadBalancerName", "my-vpc-load-balancer",
                "Listeners.member.1.Protocol", "HTTP", "Listeners.member.1.LoadBalancerPort", "8080",
                "Listeners.member.1.InstanceProtocol", "HTTP", "Listeners.member.1.InstancePort", "80",
                "Subnets.member.1", "subnet-15aaab61", "SecurityGroups.member.1", "sg-a61988c3");
        call("RegisterInstancesWithLoadBalancer", "LoadBalancerName", "my-vpc-load-balancer",
                "Instances.member.1.InstanceId", "127.0.0.2");
        ApiResponse described = call("DescribeLoadBalancers", "LoadBalancerNames.member.1", "my-vpc-load-balancer");
        assertGolden("describe-load-balancers", described);
        assertThat(missingFromAwsExample("describe-load-balancers", described))
                .as("only list items of features Ballast does not have: listener and back-end policies, "
                        + "HTTPS listeners (their lists are there, empty)")
                .allMatch(path -> path.contains("/BackendServerDescriptions/member")
                        || path.contains("/PolicyNames/member") || path.contains("/Policies/")
                        || path.endsWith("/Listener/SSLCertificateId"));
    }
}
