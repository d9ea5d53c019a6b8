package dev.ballast.server.api;

import static dev.ballast.server.api.EcsTestSupport.assertEcsError;
import static dev.ballast.server.api.EcsTestSupport.cli;
import static dev.ballast.server.api.EcsTestSupport.registerWeb;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.ServiceField;
import software.amazon.awssdk.services.ecs.model.Tag;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionField;
import software.amazon.awssdk.services.ecs.model.TaskField;

/** TagResource, UntagResource and ListTagsForResource on every taggable ECS resource, by SDK and CLI. */
@Timeout(120)
class EcsTaggingSdkTest {
    private static final String ARN = "arn:aws:ecs:us-east-1:000000000000:";

    @RegisterExtension
    final EcsApiFixture api = new EcsApiFixture();

    private static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }

    private List<Tag> tagsOf(String arn) {
        return api.ecs().listTagsForResource(r -> r.resourceArn(arn)).tags();
    }

    @Test
    void clustersServicesTasksAndTaskDefinitionsAreTaggedAndUntagged() {
        api.ecs().createCluster(r -> r.clusterName("prod").tags(tag("env", "prod")));
        registerWeb(api.ecs(), "web", NetworkMode.BRIDGE);
        api.ecs().createService(r -> r.cluster("prod").serviceName("web").taskDefinition("web").desiredCount(0));
        String task = api.ecs().runTask(r -> r.cluster("prod").taskDefinition("web")).tasks().get(0).taskArn();
        List<String> arns = List.of(ARN + "cluster/prod", ARN + "service/prod/web", task,
                ARN + "task-definition/web:1");
        for (String arn : arns) {
            api.ecs().tagResource(r -> r.resourceArn(arn).tags(tag("team", "a"), tag("tier", "1")));
            // a key already there takes the new value
            api.ecs().tagResource(r -> r.resourceArn(arn).tags(tag("tier", "2")));
            api.ecs().untagResource(r -> r.resourceArn(arn).tagKeys("team", "absent"));
        }
        assertThat(tagsOf(arns.get(0))).containsExactly(tag("env", "prod"), tag("tier", "2"));
        for (String arn : arns.subList(1, 4)) {
            assertThat(tagsOf(arn)).as(arn).containsExactly(tag("tier", "2"));
        }
        // include TAGS shows them where the describe operations take it
        assertThat(api.ecs().describeServices(r -> r.cluster("prod").services("web").include(ServiceField.TAGS))
                .services().get(0).tags()).containsExactly(tag("tier", "2"));
        assertThat(api.ecs().describeServices(r -> r.cluster("prod").services("web")).services().get(0).tags())
                .isEmpty();
        assertThat(api.ecs().describeTasks(r -> r.cluster("prod").tasks(task).include(TaskField.TAGS)).tasks().get(0)
                .tags()).containsExactly(tag("tier", "2"));
        assertThat(api.ecs().describeTaskDefinition(r -> r.taskDefinition("web:1").include(TaskDefinitionField.TAGS))
                .tags()).containsExactly(tag("tier", "2"));
    }

    @Test
    void unknownOrForeignArnsAreRefusedWithEcsErrors() {
        assertEcsError(() -> tagsOf(ARN + "cluster/nope"), "ClusterNotFoundException", "Cluster not found.");
        assertEcsError(() -> tagsOf(ARN + "service/default/nope"), "ResourceNotFoundException",
                "The specified resource could not be found.");
        assertEcsError(() -> api.ecs()
                .tagResource(r -> r.resourceArn(ARN + "task/default/0123456789abcdef0123456789abcdef")
                .tags(tag("a", "b"))), "ResourceNotFoundException", "The specified resource could not be found.");
        assertEcsError(() -> tagsOf(ARN + "task-definition/nope:1"), "ResourceNotFoundException",
                "The specified resource could not be found.");
        String foreign = "arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/x/1";
        assertEcsError(() -> tagsOf(foreign), "InvalidParameterException", "resourceArn: " + foreign
                + " (expected: the ARN of an ECS cluster, service, task or task definition)");
        api.ecs().createCluster(r -> r.clusterName("c"));
        assertEcsError(() -> api.ecs().tagResource(r -> r.resourceArn(ARN + "cluster/c").tags(tag("aws:x", "1"))),
                "InvalidParameterException",
                "tags.key: aws:x (expected: a key that does not start with aws:, which AWS reserves)");
        assertThat(tagsOf(ARN + "cluster/c")).isEmpty();
    }

    @Test
    void theCliTagsAResource() throws Exception {
        api.ecs().createCluster(r -> r.clusterName("cli"));
        cli(api.api(), "tag-resource", "--resource-arn", ARN + "cluster/cli", "--tags", "key=team,value=a");
        assertThat(cli(api.api(), "list-tags-for-resource", "--resource-arn", ARN + "cluster/cli"))
                .contains("\"key\": \"team\"").contains("\"value\": \"a\"");
        cli(api.api(), "untag-resource", "--resource-arn", ARN + "cluster/cli", "--tag-keys", "team");
        assertThat(tagsOf(ARN + "cluster/cli")).isEmpty();
    }
}
