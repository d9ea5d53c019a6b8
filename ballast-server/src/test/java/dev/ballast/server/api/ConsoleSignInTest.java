package dev.ballast.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.server.ControlPlane;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;

/**
 * With {@code --access-key} the console asks for the key and secret and signs its calls with SigV4 in the browser:
 * a wrong secret shows the API's SignatureDoesNotMatch message, the right one shows what the API holds (ELBv2 and
 * ECS calls, each signed for its service).
 */
class ConsoleSignInTest {
    private static final String KEY = "AKIDCONSOLETEST";
    private static final String SECRET = "s3cr3t/key+value";

    @TempDir
    static Path dataDir;
    private static ControlPlane plane;
    private static HeadlessChromium chromium;

    @BeforeAll
    static void start() {
        plane = ApiTestSupport.startControlPlane(dataDir, Map.of(KEY, SECRET));
        chromium = HeadlessChromium.start();
    }

    @AfterAll
    static void stop() {
        if (chromium != null) {
            chromium.close();
        }
        plane.close();
    }

    private static void signIn(String secret) {
        var key = chromium.element("#login-key");
        key.clear();
        key.sendKeys(KEY);
        var field = chromium.element("#login-secret");
        field.clear();
        field.sendKeys(secret);
        chromium.element("#login-submit").click();
    }

    @Test
    void theConsoleAsksForKeysRefusesAWrongSecretWithTheApiMessageAndSignsWithTheRightOne() {
        try (ElasticLoadBalancingV2Client elb = ApiTestSupport.client(plane.apiAddress(), KEY, SECRET);
             EcsClient ecs = ApiTestSupport.ecsClient(plane.apiAddress(), KEY, SECRET)) {
            elb.createLoadBalancer(r -> r.name("signed-lb").subnets("subnet-0ba11a5700000000a", "subnet-0ba11a5700000000b"));
            ecs.createCluster(r -> r.clusterName("signed-cluster"));
        }
        String base = "http://127.0.0.1:" + plane.apiAddress().getPort() + "/console/";
        chromium.open(base + "#/load-balancers");
        chromium.element("#login");
        assertThat(chromium.textNow("#page")).isEmpty();

        signIn("wrong-secret");
        chromium.awaitText("#login-error", "SignatureDoesNotMatch: The request signature we calculated does not "
                + "match the signature you provided. Check your AWS Secret Access Key and signing method. Consult "
                + "the service documentation for details.");
        assertThat(chromium.driver().findElements(org.openqa.selenium.By.cssSelector("tr[data-name]"))).isEmpty();

        signIn(SECRET);
        chromium.awaitText("tr[data-name='signed-lb'] td.name", "signed-lb");
        assertThat(chromium.driver().findElement(org.openqa.selenium.By.id("login")).isDisplayed()).isFalse();
        assertThat(chromium.textNow("#who")).isEqualTo(KEY);
        chromium.open(base + "#/ecs");
        chromium.awaitText("#page tbody td a", "signed-cluster");
        chromium.open(base + "#/route53");
        chromium.awaitText("#page tbody td", "No hosted zones yet.");
    }
}
