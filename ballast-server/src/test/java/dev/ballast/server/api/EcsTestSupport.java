package dev.ballast.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import dev.ballast.control.ecs.EcsDraft;
import dev.ballast.control.ecs.EcsTask;
import dev.ballast.control.ecs.EcsWriter;
import dev.ballast.control.store.SqliteStore;
import java.nio.file.Path;
import java.util.function.Consumer;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.AssignPublicIp;
import software.amazon.awssdk.services.ecs.model.AwsVpcConfiguration;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.EcsException;
import software.amazon.awssdk.services.ecs.model.NetworkConfiguration;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.PortMapping;

/**
 * Helpers for ECS API tests: the AWS CLI v2 run against the API (ECS, or any service), and the check of an ECS JSON
 * error.
 *
 * <p>Thread-safe (stateless).
 */
final class EcsTestSupport {
    private EcsTestSupport() {}

    /** Runs {@code /usr/bin/aws ecs <args>} against {@code api} and returns its output; fails unless it exits 0. */
    static String cli(InetSocketAddress api, String... args) throws Exception {
        return runCli(api, true, args);
    }

    /** Runs {@code /usr/bin/aws ecs <args>} against {@code api}, expects it to fail and returns its output. */
    static String cliFailure(InetSocketAddress api, String... args) throws Exception {
        return runCli(api, false, args);
    }

    /** Runs {@code /usr/bin/aws <service> <args>} against {@code api}; fails unless it exits 0. */
    static String awsCli(InetSocketAddress api, String service, String... args) throws Exception {
        return runCli(api, service, true, args);
    }

    private static String runCli(InetSocketAddress api, boolean succeed, String... args) throws Exception {
        return runCli(api, "ecs", succeed, args);
    }

    private static String runCli(InetSocketAddress api, String service, boolean succeed, String... args)
            throws Exception {
        Process process = cliProcess(api, service, args);
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            if (succeed) {
                assertThat(process.exitValue()).as(output).isZero();
            } else {
                assertThat(process.exitValue()).as(output).isNotZero();
            }
            return output;
        } finally {
            process.destroyForcibly();
        }
    }

    private static Process cliProcess(InetSocketAddress api, String service, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("/usr/bin/aws", service));
        command.addAll(List.of(args));
        command.addAll(List.of("--endpoint-url", "http://127.0.0.1:" + api.getPort(), "--region", "us-east-1",
                "--output", "json"));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(Map.of("AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test", "AWS_PAGER", "",
                "AWS_CONFIG_FILE", "/dev/null", "AWS_SHARED_CREDENTIALS_FILE", "/dev/null"));
        return pb.start();
    }

    /** Registers family {@code family}: one container {@code web} (nginx, port 80) in {@code networkMode}. */
    static String registerWeb(EcsClient ecs, String family, NetworkMode networkMode) {
        return ecs.registerTaskDefinition(r -> r.family(family).networkMode(networkMode).cpu("256").memory("512")
                .containerDefinitions(ContainerDefinition.builder().name("web").image("nginx").cpu(128)
                        .portMappings(PortMapping.builder().containerPort(80).build()).build()))
                .taskDefinition().taskDefinitionArn();
    }

    /** The awsvpc configuration ECS tutorials pass. */
    static NetworkConfiguration awsvpc() {
        return NetworkConfiguration.builder().awsvpcConfiguration(AwsVpcConfiguration.builder()
                .subnets("subnet-0ba11a5700000000a").securityGroups("sg-0bbb").assignPublicIp(AssignPublicIp.ENABLED).build())
                .build();
    }

    /**
     * Plays the task runner while no server runs: opens the ECS store under {@code dataDir} and applies
     * {@code edit} to its tasks through the single writer, as the runner records what it observed.
     */
    static void recordObserved(Path dataDir, Consumer<EcsDraft> edit) {
        try (SqliteStore store = SqliteStore.open(dataDir.resolve("ecs"))) {
            EcsWriter.open(store).write(draft -> {
                edit.accept(draft);
                return null;
            });
        }
    }

    /** {@code t} as the runner records it in {@code lastStatus}, with address {@code ip} (null: unchanged). */
    static EcsTask observed(EcsTask t, String lastStatus, String ip) {
        boolean stopped = lastStatus.equals(EcsTask.STOPPED);
        long now = System.currentTimeMillis();
        return new EcsTask(t.cluster(), t.id(), t.taskDefinition(), t.group(), t.startedBy(), t.serviceName(),
                t.deploymentId(), t.launchType(), t.desiredStatus(), lastStatus, t.healthStatus(), t.containers(),
                t.containerOverrides(), t.networkConfiguration(), ip == null ? t.privateIpv4Address() : ip, t.driver(),
                "pid:1", t.stopCode(), t.stoppedReason(), t.tags(), t.createdAt(),
                t.startedAt() == null ? Long.valueOf(now) : t.startedAt(), t.stoppingAt(),
                stopped ? Long.valueOf(now) : null, t.version() + 1);
    }

    /** Asserts that {@code call} fails with an HTTP 400 ECS error {@code code} carrying exactly {@code message}. */
    static void assertEcsError(ThrowingCallable call, String code, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(EcsException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(400);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(message);
        });
    }
}
