package dev.ballast.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Redis behind a network load balancer, end to end: {@code ballast server --config examples/nlb-redis.yaml} with
 * its ports moved to free ones, a real {@code redis-server} started here, driven through the TCP listener by
 * {@code redis-cli} and {@code redis-benchmark}. Fails when Redis is not installed: {@code .ci/run} installs it, so a
 * missing Redis is a broken machine, not a reason to skip.
 */
@Timeout(120)
class RedisBehindNlbTest {
    private static final Path EXAMPLE = Path.of("..", "examples", "nlb-redis.yaml");
    private Process redis;
    private int redisPort;

    /** Fails the test, naming the package to install, unless {@code command} is an executable on the PATH. */
    static void requireOnPath(String command, String debianPackage) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
                return;
            }
        }
        throw new AssertionError(command + " is not on the PATH (expected: installed by `apt-get install "
                + debianPackage + "`, as .ci/run does)");
    }

    @BeforeEach
    void startRedis() throws Exception {
        requireOnPath("redis-server", "redis-server");
        requireOnPath("redis-cli", "redis-tools");
        requireOnPath("redis-benchmark", "redis-tools");
        redisPort = Http.freePort();
        redis = new ProcessBuilder("redis-server", "--port", String.valueOf(redisPort), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Http.awaitAccepting(redisPort);
    }

    @AfterEach
    void stopRedis() throws InterruptedException {
        if (redis != null) {
            redis.destroy();
            redis.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void redisCliAndRedisBenchmarkThroughTheTcpListener(@TempDir Path dir) throws Exception {
        int listenerPort = Http.freePort();
        Path config = dir.resolve("nlb.yaml");
        Files.writeString(config, Files.readString(EXAMPLE)
                .replace("port: 16379", "port: " + listenerPort)
                .replace("127.0.0.1:6379", "127.0.0.1:" + redisPort)
                .replace("port: 10053", "port: " + Http.freePort()));
        try (CommandRun run = new CommandRun(ServerCommand::new, "--config", config.toString())) {
            Http.awaitAccepting(listenerPort);
            String port = String.valueOf(listenerPort);

            assertThat(exec("redis-cli", "-h", "127.0.0.1", "-p", port, "SET", "greeting", "hello")).isEqualTo("OK");
            assertThat(exec("redis-cli", "-h", "127.0.0.1", "-p", port, "GET", "greeting")).isEqualTo("hello");
            // The value really is in the Redis behind the load balancer.
            assertThat(exec("redis-cli", "-h", "127.0.0.1", "-p", String.valueOf(redisPort), "GET", "greeting"))
                    .isEqualTo("hello");

            String bench = exec("redis-benchmark", "-h", "127.0.0.1", "-p", port, "-q", "-n", "5000", "-c", "20",
                    "-t", "set,get,incr,lpush,lpop");
            assertThat(bench).contains("SET: ", "GET: ", "INCR: ", "LPUSH: ", "LPOP: ")
                    .doesNotContainIgnoringCase("error");
            // INCR ran 5000 times on one key through the proxy: the count proves no request was lost.
            assertThat(exec("redis-cli", "-h", "127.0.0.1", "-p", port, "GET", "counter:__rand_int__"))
                    .isEqualTo("5000");
            assertThat(run.stop()).isZero();
        }
    }

    /** Runs {@code command}, expects exit 0 and returns its trimmed output. */
    private static String exec(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String text = new String(out, StandardCharsets.UTF_8).trim();
        assertThat(p.exitValue()).as(String.join(" ", command) + ": " + text).isZero();
        return text;
    }
}
