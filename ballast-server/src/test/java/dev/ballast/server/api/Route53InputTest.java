package dev.ballast.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ballast.server.ControlPlane;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.route53.Route53Client;

/**
 * Bad input to the Route 53 API over raw HTTP: malformed and hostile XML bodies, unknown paths and parameters get
 * Route 53 error documents and change nothing; with access keys, calls must be signed for {@code route53}.
 */
@Timeout(60)
class Route53InputTest {
    @TempDir
    Path dataDir;
    private ControlPlane plane;

    @AfterEach
    void stop() {
        if (plane != null) {
            plane.close();
        }
    }

    @Test
    void malformedBodiesPathsAndParametersAreInvalidInputAndChangeNothing() throws Exception {
        plane = ApiTestSupport.startControlPlane(dataDir, Map.of());
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<CreateHostedZoneRequest><Name>&x;</Name><CallerReference>x</CallerReference>"
                + "</CreateHostedZoneRequest>";
        String[][] bad = {
            {"POST", "hostedzone", "<CreateHostedZoneRequest><Name>a.example"},
            {"POST", "hostedzone", xxe},
            {"POST", "hostedzone", "<Other/>"},
            {"POST", "hostedzone", "<CreateHostedZoneRequest><CallerReference>r</CallerReference>"
                    + "</CreateHostedZoneRequest>"},
            {"POST", "hostedzone", "<CreateHostedZoneRequest><Name>a..b</Name><CallerReference>r</CallerReference>"
                    + "</CreateHostedZoneRequest>"},
            {"GET", "hostedzone?maxitems=zero", ""},
            {"GET", "nothing/here", ""},
            {"PUT", "hostedzone", ""},
        };
        for (String[] request : bad) {
            HttpResponse<String> response = send(request[0], request[1], request[2]);
            assertThat(response.statusCode()).as(request[0] + " " + request[1]).isEqualTo(400);
            ApiTestSupport.ErrorDocument error = ApiTestSupport.error(response.body());
            assertThat(error.code()).isIn("InvalidInput", "InvalidDomainName");
            assertThat(response.body()).contains("https://route53.amazonaws.com/doc/2013-04-01/")
                    .doesNotContain("root:").doesNotContain("Exception");
        }
        HttpResponse<String> list = send("GET", "hostedzone", "");
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).doesNotContain("<HostedZone>");
        assertThat(send("POST", "hostedzone/ZNOPE/rrset/", "<ChangeResourceRecordSetsRequest><ChangeBatch>"
                + "<Changes><Change><Action>CREATE</Action><ResourceRecordSet><Name>a.example.com</Name><Type>A"
                + "</Type><TTL>60</TTL><ResourceRecords><ResourceRecord><Value>192.0.2.1</Value></ResourceRecord>"
                + "</ResourceRecords></ResourceRecordSet></Change></Changes></ChangeBatch>"
                + "</ChangeResourceRecordSetsRequest>").statusCode()).isEqualTo(404);
    }

    @Test
    void withAccessKeysCallsMustBeSignedForRoute53() {
        plane = ApiTestSupport.startControlPlane(dataDir, Map.of("AKIDBALLAST", "s3cret"));
        try (Route53Client good = ApiTestSupport.route53Client(plane.apiAddress(), "AKIDBALLAST", "s3cret");
             Route53Client wrong = ApiTestSupport.route53Client(plane.apiAddress(), "AKIDBALLAST", "guess")) {
            good.createHostedZone(r -> r.name("signed.example.com").callerReference("signed"));

            assertThatThrownBy(() -> wrong.listHostedZones()).isInstanceOfSatisfying(AwsServiceException.class,
                    e -> {
                        assertThat(e.statusCode()).isEqualTo(403);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SignatureDoesNotMatch");
                    });
            assertThat(good.listHostedZones().hostedZones()).hasSize(1);
        }
        HttpResponse<String> unsigned = send("GET", "hostedzone", "");
        assertThat(unsigned.statusCode()).isEqualTo(403);
    }

    private HttpResponse<String> send(String method, String path, String body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                            + plane.apiAddress().getPort() + "/2013-04-01/" + path))
                    .timeout(Duration.ofSeconds(10))
                    .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
            return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                    .send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
