package dev.ballast.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.etcd.EtcdCluster;
import dev.ballast.proxy.Await;
import dev.ballast.server.ControlPlane;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;

/**
 * The EC2 and CloudFormation stores on etcd: two nodes on a real etcd, a change through one node's API is served by
 * the other's, and security groups created through both nodes at once are all kept (a conflict runs the command
 * again on the other node's commit).
 */
class ClusterEc2CloudFormationTest {
    @TempDir
    Path dir;

    @Test
    void ec2AndStacksChangedThroughOneNodeAreServedByTheOtherAndConcurrentWritesLoseNothing() throws Exception {
        List<ControlPlane> nodes = new ArrayList<>();
        try (EtcdCluster etcd = EtcdCluster.start(dir.resolve("etcd"), 1)) {
            try {
                nodes.add(ClusterNodes.start(dir, etcd, "127.0.1.1", "n1"));
                nodes.add(ClusterNodes.start(dir, etcd, "127.0.1.2", "n2"));
                try (Ec2Client ec2One = ApiTestSupport.ec2Client(nodes.get(0).apiAddress(), "a", "a");
                     Ec2Client ec2Two = ApiTestSupport.ec2Client(nodes.get(1).apiAddress(), "a", "a");
                     CloudFormationClient cfnOne = ApiTestSupport.cloudFormationClient(nodes.get(0).apiAddress());
                     CloudFormationClient cfnTwo = ApiTestSupport.cloudFormationClient(nodes.get(1).apiAddress())) {
                    assertThat(ec2Two.describeVpcs().vpcs()).as("one default VPC for the cluster").hasSize(1);

                    String web = ec2One.createSecurityGroup(r -> r.groupName("web").description("web tier"))
                            .groupId();
                    Await.until("node 2 serves the group node 1 created", Duration.ofSeconds(10),
                            () -> groupNames(ec2Two).contains("web"));
                    assertThat(ec2Two.describeSecurityGroups(r -> r.groupIds(web)).securityGroups()).hasSize(1);

                    ExecutorService pool = Executors.newFixedThreadPool(2);
                    try {
                        List<Future<?>> writers = new ArrayList<>();
                        for (int n = 0; n < 2; n++) {
                            Ec2Client client = n == 0 ? ec2One : ec2Two;
                            String prefix = "g" + n + "-";
                            writers.add(pool.submit(() -> {
                                for (int i = 0; i < 10; i++) {
                                    String name = prefix + i;
                                    client.createSecurityGroup(r -> r.groupName(name).description("concurrent"));
                                }
                                return null;
                            }));
                        }
                        for (Future<?> w : writers) {
                            w.get();
                        }
                    } finally {
                        pool.shutdownNow();
                    }
                    for (Ec2Client client : List.of(ec2One, ec2Two)) {
                        Await.until("all 21 groups on both nodes", Duration.ofSeconds(10),
                                () -> groupNames(client).stream().filter(g -> !g.equals("default")).count() == 21);
                    }

                    cfnOne.createStack(r -> r.stackName("net").templateBody("""
                            Resources:
                              Vpc: {Type: 'AWS::EC2::VPC', Properties: {CidrBlock: 10.40.0.0/16}}
                            """));
                    Await.until("node 2 sees the stack complete", Duration.ofSeconds(30),
                            () -> statusOn(cfnTwo, "net").equals("CREATE_COMPLETE"));
                    assertThat(ec2Two.describeVpcs().vpcs()).extracting(v -> v.cidrBlock()).contains("10.40.0.0/16");
                    assertThat(cfnTwo.describeStackEvents(r -> r.stackName("net")).stackEvents())
                            .anySatisfy(e -> assertThat(e.logicalResourceId()).isEqualTo("Vpc"));
                }
            } finally {
                nodes.forEach(ControlPlane::close);
            }
        }
    }

    /** The stack's status as {@code cfn}'s node answers it; "none" while that node does not know the stack. */
    private static String statusOn(CloudFormationClient cfn, String stack) {
        try {
            return cfn.describeStacks(r -> r.stackName(stack)).stacks().get(0).stackStatusAsString();
        } catch (software.amazon.awssdk.services.cloudformation.model.CloudFormationException e) {
            assertThat(e.awsErrorDetails().errorMessage()).contains("does not exist");
            return "none";
        }
    }

    private static List<String> groupNames(Ec2Client ec2) {
        return ec2.describeSecurityGroups().securityGroups().stream().map(SecurityGroup::groupName).toList();
    }
}
