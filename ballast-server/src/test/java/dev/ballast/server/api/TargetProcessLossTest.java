package dev.ballast.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.proxy.health.KeepAliveClient;
import dev.ballast.server.ControlPlane;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupAttribute;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetTypeEnum;

/**
 * The whole server under keep-alive load from four clients: one of three target processes is killed with SIGKILL,
 * then another is deregistered through the API with a deregistration delay of 0. No request fails, and no request
 * sent after DeregisterTargets returned reaches the deregistered target (each target process prints the requests it
 * receives). Prints the measured figures.
 */
class TargetProcessLossTest {
    private static final int CLIENTS = 4;

    @TempDir
    Path dataDir;

    @Test
    void killNineAndDeregistrationCostNoFailedRequest() throws Exception {
        List<TargetProcess> targets = new ArrayList<>();
        List<Load> loads = new ArrayList<>();
        try (ControlPlane plane = ApiTestSupport.startControlPlane(dataDir, Map.of());
             ElasticLoadBalancingV2Client elb = ApiTestSupport.client(plane.apiAddress(), "any", "any")) {
            for (String name : List.of("a", "b", "c")) {
                targets.add(new TargetProcess(name));
            }
            TargetProcess killed = targets.get(1);
            TargetProcess deregistered = targets.get(2);
            int port = ApiTestSupport.freePort();
            String lbArn = elb.createLoadBalancer(r -> r.name("loss-lb")).loadBalancers().get(0).loadBalancerArn();
            String groupArn = elb.createTargetGroup(r -> r.name("loss-tg").protocol(ProtocolEnum.HTTP).port(80)
                    .targetType(TargetTypeEnum.IP)).targetGroups().get(0).targetGroupArn();
            elb.modifyTargetGroupAttributes(r -> r.targetGroupArn(groupArn).attributes(TargetGroupAttribute.builder()
                    .key("deregistration_delay.timeout_seconds").value("0").build()));
            elb.registerTargets(r -> r.targetGroupArn(groupArn).targets(targets.stream()
                    .map(t -> TargetDescription.builder().id("127.0.0.1").port(t.port).build()).toList()));
            elb.createListener(r -> r.loadBalancerArn(lbArn).protocol(ProtocolEnum.HTTP).port(port)
                    .defaultActions(Action.builder().type(ActionTypeEnum.FORWARD).targetGroupArn(groupArn).build()));
            ApiTestSupport.awaitAllHealthy(elb, groupArn, targets.size());

            Map<String, Long> sentAt = new ConcurrentHashMap<>();
            for (int i = 0; i < CLIENTS; i++) {
                loads.add(new Load(new InetSocketAddress("127.0.0.1", port), i, sentAt));
            }
            await(() -> total(loads) >= 1000 && killed.arrivals.size() >= 100);

            int beforeKill = total(loads);
            killed.kill9();
            await(() -> total(loads) >= beforeKill + 1500);

            elb.deregisterTargets(r -> r.targetGroupArn(groupArn).targets(TargetDescription.builder()
                    .id("127.0.0.1").port(deregistered.port).build()));
            long deregisteredAt = System.nanoTime();
            int beforeDeregistration = total(loads);
            await(() -> total(loads) >= beforeDeregistration + 1500);
            loads.forEach(Load::stop);

            List<String> failures = loads.stream().flatMap(l -> l.failures.stream()).toList();
            List<String> late = deregistered.arrivals.stream()
                    .filter(path -> sentAt.getOrDefault(requestId(path), 0L) > deregisteredAt).toList();
            System.out.printf("TARGET_PROCESS_LOSS requests=%d failed=%d late_arrivals=%d arrivals=a:%d,b:%d,c:%d "
                            + "request_retried=%d reused_connection_retried=%d connect_retried=%d%n", total(loads),
                    failures.size(), late.size(), targets.get(0).arrivals.size(), killed.arrivals.size(),
                    deregistered.arrivals.size(), counter(plane, "backend.request_retried"),
                    counter(plane, "backend.reused_connection_retried"), counter(plane, "backend.connect_retried"));
            assertThat(failures).isEmpty();
            assertThat(late).as("requests sent after DeregisterTargets returned that reached the target").isEmpty();
        } finally {
            loads.forEach(Load::stop);
            for (TargetProcess t : targets) {
                t.close();
            }
        }
    }

    private static long counter(ControlPlane plane, String name) {
        return plane.dataPlane().counters().get(name);
    }

    private static int total(List<Load> loads) {
        return loads.stream().mapToInt(l -> l.done.get()).sum();
    }

    /** The request id ({@code <client>-<n>}) in a path {@code /work?id=<client>-<n>}. */
    private static String requestId(String path) {
        return path.substring(path.indexOf("id=") + 3);
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 30 s").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    /** One client thread sending GETs back to back on a keep-alive connection, recording when each was sent. */
    private static final class Load {
        final AtomicInteger done = new AtomicInteger();
        final List<String> failures = new CopyOnWriteArrayList<>();
        private final Thread thread;
        private volatile boolean running = true;

        Load(InetSocketAddress lb, int client, Map<String, Long> sentAt) {
            thread = new Thread(() -> {
                try (KeepAliveClient http = new KeepAliveClient(lb)) {
                    for (int n = 0; running; n++) {
                        String id = client + "-" + n;
                        sentAt.put(id, System.nanoTime());
                        KeepAliveClient.Response response = http.get("/work?id=" + id);
                        if (response.status() != 200) {
                            failures.add(id + ": " + response);
                        }
                        done.incrementAndGet();
                    }
                }
            }, "load-" + client);
            thread.start();
        }

        void stop() {
            running = false;
            try {
                thread.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A target process ({@code keepalive_target.py}); the paths it received are read from its output. */
    private static final class TargetProcess implements AutoCloseable {
        final List<String> arrivals = new CopyOnWriteArrayList<>();
        final int port;
        private final Process process;

        TargetProcess(String name) throws Exception {
            Path script = Path.of(TargetProcessLossTest.class.getResource("/keepalive_target.py").toURI());
            process = new ProcessBuilder("python3", script.toString(), name)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8));
            String first = out.readLine();
            if (first == null || !first.startsWith("PORT ")) {
                process.destroyForcibly();
                throw new AssertionError("target process " + name + " did not start: " + first);
            }
            port = Integer.parseInt(first.substring(5).trim());
            Thread reader = new Thread(() -> {
                try {
                    for (String line = out.readLine(); line != null; line = out.readLine()) {
                        arrivals.add(line);
                    }
                } catch (IOException e) {
                    // the process is gone
                }
            }, "target-" + name + "-output");
            reader.setDaemon(true);
            reader.start();
        }

        /** SIGKILL, as {@code kill -9 <pid>}. */
        void kill9() throws InterruptedException {
            process.destroyForcibly();
            assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("target process %d gone", process.pid()).isTrue();
        }

        @Override
        public void close() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
