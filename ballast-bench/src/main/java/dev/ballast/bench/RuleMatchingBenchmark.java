package dev.ballast.bench;

import dev.ballast.core.model.Action;
import dev.ballast.core.model.Condition;
import dev.ballast.core.model.Listener;
import dev.ballast.core.model.Protocol;
import dev.ballast.core.model.Rule;
import dev.ballast.core.routing.RoutingTable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Routing one request through a listener with 100 rules (AWS's limit per listener), a realistic mix of
 * host-header (exact and wildcard), path-pattern, http-header and query-string conditions. The request
 * matches the first rule ({@code early}), the last one ({@code late}) or none, falling through to the
 * default action ({@code never}).
 *
 * <p>Thread-safe as JMH uses it: the state is per benchmark and only read.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RuleMatchingBenchmark {
    static final int RULES = Listener.MAX_RULES;

    /** Which rule the request matches. */
    @Param({"early", "late", "never"})
    public String match;

    private RoutingTable table;
    private BenchRequest request;
    private Action expected;

    /** Compiles the listener and picks the request; checks that the request routes where it should. */
    @Setup
    public void setUp() {
        List<Rule> rules = new ArrayList<>();
        for (int i = 1; i <= RULES; i++) {
            rules.add(new Rule("arn:rule/" + i, i * 10, conditions(i), forwardTo("tg-" + i)));
        }
        Action fallback = forwardTo("tg-default");
        Listener listener = new Listener("arn:listener/bench", "arn:loadbalancer/bench", Protocol.HTTP, 80,
                fallback, rules, null);
        table = RoutingTable.compile(listener);
        switch (match) {
            case "early" -> {
                request = BenchRequest.get("www.example.com", "/svc-1/items/42");
                expected = rules.get(0).action();
            }
            case "late" -> {
                request = BenchRequest.get("svc-100.example.com:8080", "/api/svc-100/orders?page=2");
                expected = rules.get(RULES - 1).action();
            }
            case "never" -> {
                request = BenchRequest.get("unknown.example.org", "/nothing/here?version=v-none&page=2",
                        "X-Tenant", "nobody");
                expected = fallback;
            }
            default -> throw new IllegalArgumentException("match: " + match + " (expected: early, late, never)");
        }
        if (table.route(request) != expected) {
            throw new IllegalStateException("the " + match + " request does not route as intended");
        }
    }

    /** The routing decision for one request. */
    @Benchmark
    public Action route() {
        return table.route(request);
    }

    /** Rule {@code i}'s conditions: four shapes in turn, each as an ALB user would write it. */
    static List<Condition> conditions(int i) {
        String svc = "svc-" + i;
        return switch (i % 4) {
            case 0 -> List.of(new Condition.HostHeader(List.of(svc + ".example.com", "*." + svc + ".example.net")),
                    new Condition.PathPattern(List.of("/api/" + svc + "/*")));
            case 1 -> List.of(new Condition.PathPattern(List.of("/" + svc + "/*", "/static/" + svc + "/*.css")));
            case 2 -> List.of(new Condition.HostHeader(List.of(svc + ".example.com")),
                    new Condition.HttpHeader("X-Tenant", List.of("tenant-" + i, "tenant-" + i + "-*")));
            default -> List.of(new Condition.PathPattern(List.of("/q/*")),
                    new Condition.QueryString(List.of(new Condition.KeyValue("version", "v-" + i))));
        };
    }

    static Action forwardTo(String name) {
        return Action.Forward.to("arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/" + name
                + "/0123456789abcdef");
    }
}
