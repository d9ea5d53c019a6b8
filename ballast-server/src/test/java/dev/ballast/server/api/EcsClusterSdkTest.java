package dev.ballast.server.api;

import static dev.ballast.server.api.EcsTestSupport.assertEcsError;
import static dev.ballast.server.api.EcsTestSupport.cli;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.server.ControlPlane;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Cluster;
import software.amazon.awssdk.services.ecs.model.ClusterField;
import software.amazon.awssdk.services.ecs.model.DescribeClustersResponse;
import software.amazon.awssdk.services.ecs.model.ListClustersResponse;
import software.amazon.awssdk.services.ecs.model.Tag;

/** The ECS cluster operations driven by the AWS SDK for Java v2's ECS client and by the AWS CLI v2. */
@Timeout(120)
class EcsClusterSdkTest {
    private static final String ARN = "arn:aws:ecs:us-east-1:000000000000:cluster/";

    @TempDir
    Path dataDir;
    private ControlPlane plane;
    private EcsClient ecs;

    @BeforeEach
    void start() {
        plane = ApiTestSupport.startControlPlane(dataDir, Map.of());
        ecs = ApiTestSupport.ecsClient(plane.apiAddress(), "test", "test");
    }

    @AfterEach
    void stop() {
        ecs.close();
        plane.close();
    }

    @Test
    void createDescribeListDelete() {
        Cluster created = ecs.createCluster(r -> r.clusterName("web").tags(Tag.builder().key("team").value("a")
                .build())).cluster();
        assertThat(created.clusterArn()).isEqualTo(ARN + "web");
        assertThat(created.clusterName()).isEqualTo("web");
        assertThat(created.status()).isEqualTo("ACTIVE");
        assertThat(created.registeredContainerInstancesCount()).isZero();
        assertThat(created.runningTasksCount()).isZero();
        assertThat(created.pendingTasksCount()).isZero();
        assertThat(created.activeServicesCount()).isZero();
        assertThat(created.tags()).containsExactly(Tag.builder().key("team").value("a").build());
        assertThat(created.settings()).singleElement().satisfies(s -> {
            assertThat(s.nameAsString()).isEqualTo("containerInsights");
            assertThat(s.value()).isEqualTo("disabled");
        });
        assertThat(created.capacityProviders()).isEmpty();

        // idempotent on the name: the same cluster, its tags unchanged
        Cluster again = ecs.createCluster(r -> r.clusterName("web")).cluster();
        assertThat(again.clusterArn()).isEqualTo(created.clusterArn());
        assertThat(again.tags()).containsExactly(Tag.builder().key("team").value("a").build());
        ecs.createCluster(r -> r.clusterName("batch"));

        DescribeClustersResponse described = ecs.describeClusters(r -> r.clusters("web", ARN + "batch", "nope")
                .include(ClusterField.TAGS));
        assertThat(described.clusters()).extracting(Cluster::clusterName).containsExactly("web", "batch");
        assertThat(described.clusters().get(0).tags()).containsExactly(Tag.builder().key("team").value("a").build());
        assertThat(described.failures()).singleElement().satisfies(f -> {
            assertThat(f.arn()).isEqualTo(ARN + "nope");
            assertThat(f.reason()).isEqualTo("MISSING");
        });
        assertThat(ecs.listClusters().clusterArns()).containsExactly(ARN + "web", ARN + "batch");

        Cluster deleted = ecs.deleteCluster(r -> r.cluster(ARN + "web")).cluster();
        assertThat(deleted.clusterName()).isEqualTo("web");
        assertThat(deleted.status()).isEqualTo("INACTIVE");
        assertThat(ecs.listClusters().clusterArns()).containsExactly(ARN + "batch");
        assertThat(ecs.describeClusters(r -> r.clusters("web")).failures()).extracting(f -> f.reason())
                .containsExactly("MISSING");
    }

    @Test
    void anOmittedClusterIsDefault() {
        assertThat(ecs.createCluster().cluster().clusterArn()).isEqualTo(ARN + "default");
        assertThat(ecs.describeClusters().clusters()).extracting(Cluster::clusterName).containsExactly("default");
        assertThat(ecs.listClusters().clusterArns()).containsExactly(ARN + "default");
    }

    @Test
    void listClustersPagesWithMaxResultsAndNextToken() {
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String name = "c" + i;
            ecs.createCluster(r -> r.clusterName(name));
            expected.add(ARN + name);
        }
        ListClustersResponse first = ecs.listClusters(r -> r.maxResults(2));
        assertThat(first.clusterArns()).containsExactlyElementsOf(expected.subList(0, 2));
        assertThat(first.nextToken()).isNotEmpty();
        List<String> all = new ArrayList<>();
        ecs.listClustersPaginator(r -> r.maxResults(2)).clusterArns().forEach(all::add);
        assertThat(all).containsExactlyElementsOf(expected);
        assertThat(ecs.listClusters(r -> r.maxResults(5)).nextToken()).isNull();
    }

    @Test
    void badRequestsAreRefusedWithEcsErrorsAndChangeNothing() {
        assertEcsError(() -> ecs.deleteCluster(r -> r.cluster("nope")), "ClusterNotFoundException",
                "Cluster not found.");
        assertEcsError(() -> ecs.createCluster(r -> r.clusterName("bad name!")), "InvalidParameterException",
                "clusterName: bad name! (expected: up to 255 letters, numbers, hyphens and underscores)");
        assertEcsError(() -> ecs.listClusters(r -> r.maxResults(0)), "InvalidParameterException",
                "maxResults: 0 (expected: 1-100)");
        assertEcsError(() -> ecs.listClusters(r -> r.nextToken("forged")), "InvalidParameterException",
                "nextToken: forged (expected: a nextToken from a previous ListClusters response)");
        assertEcsError(() -> ecs.describeClusters(r -> r.includeWithStrings("EVERYTHING")), "InvalidParameterException",
                "include: EVERYTHING (expected: one of [ATTACHMENTS, CONFIGURATIONS, SETTINGS, STATISTICS, TAGS])");
        assertThat(ecs.listClusters().clusterArns()).isEmpty();
    }

    @Test
    void clustersSurviveARestart() {
        ecs.createCluster(r -> r.clusterName("kept").tags(Tag.builder().key("k").value("v").build()));
        ecs.createCluster(r -> r.clusterName("gone"));
        ecs.deleteCluster(r -> r.cluster("gone"));
        ecs.close();
        plane.close();

        plane = ApiTestSupport.startControlPlane(dataDir, Map.of());
        ecs = ApiTestSupport.ecsClient(plane.apiAddress(), "test", "test");
        assertThat(ecs.listClusters().clusterArns()).containsExactly(ARN + "kept");
        assertThat(ecs.describeClusters(r -> r.clusters("kept").include(ClusterField.TAGS)).clusters().get(0).tags())
                .containsExactly(Tag.builder().key("k").value("v").build());
    }

    @Test
    void theAwsCliSpeaksJson11ToIt() throws Exception {
        assertThat(cli(plane.apiAddress(), "create-cluster", "--cluster-name", "from-cli"))
                .contains("\"clusterArn\": \"" + ARN + "from-cli\"");
        assertThat(cli(plane.apiAddress(), "list-clusters")).contains(ARN + "from-cli");
        String described = cli(plane.apiAddress(), "describe-clusters", "--clusters", "from-cli", "missing");
        assertThat(described).contains("\"clusterName\": \"from-cli\"").contains("\"reason\": \"MISSING\"");
    }
}
