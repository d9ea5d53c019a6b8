package dev.ballast.server.api;

import static dev.ballast.server.api.EcsTestSupport.assertEcsError;
import static dev.ballast.server.api.EcsTestSupport.cli;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ecs.model.Cluster;
import software.amazon.awssdk.services.ecs.model.ClusterField;
import software.amazon.awssdk.services.ecs.model.DescribeClustersResponse;
import software.amazon.awssdk.services.ecs.model.ListClustersResponse;
import software.amazon.awssdk.services.ecs.model.Tag;

/** The ECS cluster operations driven by the AWS SDK for Java v2's ECS client and by the AWS CLI v2. */
@Timeout(120)
class EcsClusterSdkTest {
    private static final String ARN = "arn:aws:ecs:us-east-1:000000000000:cluster/";

    @RegisterExtension
    final EcsApiFixture api = new EcsApiFixture();

    @Test
    void createDescribeListDelete() {
        Cluster created = api.ecs().createCluster(r -> r.clusterName("web").tags(Tag.builder().key("team").value("a")
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
        Cluster again = api.ecs().createCluster(r -> r.clusterName("web")).cluster();
        assertThat(again.clusterArn()).isEqualTo(created.clusterArn());
        assertThat(again.tags()).containsExactly(Tag.builder().key("team").value("a").build());
        api.ecs().createCluster(r -> r.clusterName("batch"));

        DescribeClustersResponse described = api.ecs().describeClusters(r -> r.clusters("web", ARN + "batch", "nope")
                .include(ClusterField.TAGS));
        assertThat(described.clusters()).extracting(Cluster::clusterName).containsExactly("web", "batch");
        assertThat(described.clusters().get(0).tags()).containsExactly(Tag.builder().key("team").value("a").build());
        assertThat(described.failures()).singleElement().satisfies(f -> {
            assertThat(f.arn()).isEqualTo(ARN + "nope");
            assertThat(f.reason()).isEqualTo("MISSING");
        });
        assertThat(api.ecs().listClusters().clusterArns()).containsExactly(ARN + "web", ARN + "batch");

        Cluster deleted = api.ecs().deleteCluster(r -> r.cluster(ARN + "web")).cluster();
        assertThat(deleted.clusterName()).isEqualTo("web");
        assertThat(deleted.status()).isEqualTo("INACTIVE");
        assertThat(api.ecs().listClusters().clusterArns()).containsExactly(ARN + "batch");
        assertThat(api.ecs().describeClusters(r -> r.clusters("web")).failures()).extracting(f -> f.reason())
                .containsExactly("MISSING");
    }

    @Test
    void anOmittedClusterIsDefault() {
        assertThat(api.ecs().createCluster().cluster().clusterArn()).isEqualTo(ARN + "default");
        assertThat(api.ecs().describeClusters().clusters()).extracting(Cluster::clusterName).containsExactly("default");
        assertThat(api.ecs().listClusters().clusterArns()).containsExactly(ARN + "default");
    }

    @Test
    void listClustersPagesWithMaxResultsAndNextToken() {
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String name = "c" + i;
            api.ecs().createCluster(r -> r.clusterName(name));
            expected.add(ARN + name);
        }
        ListClustersResponse first = api.ecs().listClusters(r -> r.maxResults(2));
        assertThat(first.clusterArns()).containsExactlyElementsOf(expected.subList(0, 2));
        assertThat(first.nextToken()).isNotEmpty();
        List<String> all = new ArrayList<>();
        api.ecs().listClustersPaginator(r -> r.maxResults(2)).clusterArns().forEach(all::add);
        assertThat(all).containsExactlyElementsOf(expected);
        assertThat(api.ecs().listClusters(r -> r.maxResults(5)).nextToken()).isNull();
    }

    @Test
    void badRequestsAreRefusedWithEcsErrorsAndChangeNothing() {
        assertEcsError(() -> api.ecs().deleteCluster(r -> r.cluster("nope")), "ClusterNotFoundException",
                "Cluster not found.");
        assertEcsError(() -> api.ecs().createCluster(r -> r.clusterName("bad name!")), "InvalidParameterException",
                "clusterName: bad name! (expected: up to 255 letters, numbers, hyphens and underscores)");
        assertEcsError(() -> api.ecs().listClusters(r -> r.maxResults(0)), "InvalidParameterException",
                "maxResults: 0 (expected: 1-100)");
        assertEcsError(() -> api.ecs().listClusters(r -> r.nextToken("forged")), "InvalidParameterException",
                "nextToken: forged (expected: a nextToken from a previous ListClusters response)");
        assertEcsError(() -> api.ecs().describeClusters(r -> r.includeWithStrings("EVERYTHING")), "InvalidParameterException",
                "include: EVERYTHING (expected: one of [ATTACHMENTS, CONFIGURATIONS, SETTINGS, STATISTICS, TAGS])");
        assertThat(api.ecs().listClusters().clusterArns()).isEmpty();
    }

    @Test
    void clustersSurviveARestart() {
        api.ecs().createCluster(r -> r.clusterName("kept").tags(Tag.builder().key("k").value("v").build()));
        api.ecs().createCluster(r -> r.clusterName("gone"));
        api.ecs().deleteCluster(r -> r.cluster("gone"));

        api.restart(() -> { });
        assertThat(api.ecs().listClusters().clusterArns()).containsExactly(ARN + "kept");
        assertThat(api.ecs().describeClusters(r -> r.clusters("kept").include(ClusterField.TAGS)).clusters().get(0).tags())
                .containsExactly(Tag.builder().key("k").value("v").build());
    }

    @Test
    void theAwsCliSpeaksJson11ToIt() throws Exception {
        assertThat(cli(api.api(), "create-cluster", "--cluster-name", "from-cli"))
                .contains("\"clusterArn\": \"" + ARN + "from-cli\"");
        assertThat(cli(api.api(), "list-clusters")).contains(ARN + "from-cli");
        String described = cli(api.api(), "describe-clusters", "--clusters", "from-cli", "missing");
        assertThat(described).contains("\"clusterName\": \"from-cli\"").contains("\"reason\": \"MISSING\"");
    }
}
