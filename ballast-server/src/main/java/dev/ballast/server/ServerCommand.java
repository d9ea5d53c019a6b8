package dev.ballast.server;

import dev.ballast.core.balancing.StickyCookies;
import dev.ballast.core.model.ConfigSnapshot;
import dev.ballast.core.model.Listener;
import dev.ballast.core.model.LoadBalancer;
import dev.ballast.core.model.TargetGroup;
import dev.ballast.server.config.ConfigFileException;
import dev.ballast.server.config.ConfigFileLoader;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ballast server}: without {@code --config}, the full server: the AWS-compatible API on
 * {@code --api-address:--api-port} (default 127.0.0.1:9500) and the configuration it manages, persisted under
 * {@code --data-dir}. With {@code --config <file.yaml>}, a separate read-only mode: the file's load balancers are
 * served as they are, without API or store. An invalid file is reported with exit code 2 and nothing is started.
 *
 * <p>Not thread-safe; one instance runs once.
 */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = "Runs the AWS-compatible API and the load balancers it manages (persisted in --data-dir) until "
                + "Ctrl-C; or, with --config, serves a YAML configuration file without API (see docs/config.md).")
public final class ServerCommand extends RunningCommand {
    /** Exit status for a configuration file or option that cannot be used. */
    public static final int INVALID_CONFIG = 2;

    @Option(names = "--config", paramLabel = "<file.yaml>",
            description = "Serve this configuration file (YAML, see docs/config.md) instead of running the API.")
    private Path config;

    @Option(names = "--data-dir", paramLabel = "<dir>", defaultValue = "ballast-data",
            description = "Where the configuration is stored (default: ${DEFAULT-VALUE}).")
    private Path dataDir;

    @Option(names = "--api-address", paramLabel = "<address>", defaultValue = "127.0.0.1",
            description = "The API's bind address (default: ${DEFAULT-VALUE}).")
    private String apiAddress;

    @Option(names = "--api-port", paramLabel = "<port>", defaultValue = "9500",
            description = "The API's port (default: ${DEFAULT-VALUE}).")
    private int apiPort;

    @Option(names = "--public-address", paramLabel = "<address>", defaultValue = "0.0.0.0",
            description = "The address internet-facing load balancers bind (default: ${DEFAULT-VALUE}); internal "
                    + "ones get their own address in 127.0.10.0/24.")
    private String publicAddress;

    @Option(names = "--access-key", paramLabel = "<id>:<secret>",
            description = "Accept only requests signed (SigV4) with this access key; repeatable. Without it, any "
                    + "credentials are accepted.")
    private List<String> accessKeys = new ArrayList<>();

    @Option(names = "--event-loops", paramLabel = "<n>", defaultValue = "0",
            description = "Proxy event loops (default: one per core).")
    private int eventLoops;

    /** The command as the command line runs it: stopped by SIGINT or SIGTERM. */
    public ServerCommand() {
        this(null);
    }

    /** The command stopped by {@code stop} (tests). */
    public ServerCommand(StopSignal stop) {
        super(stop);
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = out();
        PrintWriter err = err();
        if (eventLoops < 0) {
            return invalid(err, "ballast server: --event-loops " + eventLoops
                    + " (expected: 0 for one per core, or more)");
        }
        return config == null ? runControlPlane(out, err) : runConfigFile(out, err);
    }

    private int runConfigFile(PrintWriter out, PrintWriter err) throws Exception {
        ConfigSnapshot snapshot;
        try {
            snapshot = new ConfigFileLoader(new SplittableRandom()).load(config);
        } catch (ConfigFileException e) {
            return invalid(err, "ballast server: invalid configuration file " + config + ": " + e.getMessage());
        }
        StopSignal stopSignal = stopSignal();
        // Without a store there is no shared key: stickiness cookies are sealed with a key of this process.
        DataPlane dataPlane = DataPlane.start(snapshot, eventLoops, StickyCookies.withRandomKey());
        out.print(describe(dataPlane.snapshot(), dataPlane::boundAddress));
        out.println("Press Ctrl-C to stop.");
        out.flush();
        stopSignal.runUntilStopped(dataPlane);
        out.println("ballast server: stopped");
        out.flush();
        return 0;
    }

    private int runControlPlane(PrintWriter out, PrintWriter err) throws Exception {
        Map<String, String> keys = new LinkedHashMap<>();
        for (String pair : accessKeys) {
            int colon = pair.indexOf(':');
            if (colon <= 0 || colon == pair.length() - 1) {
                return invalid(err, "ballast server: --access-key " + pair + " (expected: <id>:<secret>)");
            }
            keys.put(pair.substring(0, colon), pair.substring(colon + 1));
        }
        StopSignal stopSignal = stopSignal();
        ControlPlane plane = ControlPlane.start(new ControlPlane.Options(dataDir, apiAddress, apiPort, publicAddress,
                keys, eventLoops));
        out.print(describe(plane.snapshot(), plane::boundAddress));
        out.println("AWS API: http://" + hostAndPort(plane.apiAddress()) + "  (aws elbv2 ... --endpoint-url http://"
                + hostAndPort(plane.apiAddress()) + "), data in " + dataDir.toAbsolutePath());
        out.println("Press Ctrl-C to stop.");
        out.flush();
        stopSignal.runUntilStopped(plane);
        out.println("ballast server: stopped");
        out.flush();
        return 0;
    }

    /** Reports a configuration file or option that cannot be used; nothing has been started. */
    private static int invalid(PrintWriter err, String message) {
        err.println(message);
        err.flush();
        return INVALID_CONFIG;
    }

    private static String describe(ConfigSnapshot snapshot, Function<String, InetSocketAddress> boundAddress) {
        StringBuilder text = new StringBuilder("Ballast server: configuration revision ")
                .append(snapshot.revision()).append('\n');
        for (Listener listener : snapshot.listeners().values()) {
            LoadBalancer lb = snapshot.loadBalancer(listener.loadBalancerArn());
            InetSocketAddress bound = boundAddress.apply(listener.arn());
            text.append("  load balancer ").append(lb.name()).append(" (").append(lb.scheme().wire()).append(")  ")
                    .append(listener.protocol()).append(' ')
                    .append(bound == null ? lb.bindAddress() + ":" + listener.port() : hostAndPort(bound))
                    .append("  ").append(listener.rules().size()).append(" rule(s) + default action\n");
        }
        for (TargetGroup group : snapshot.targetGroups().values()) {
            text.append("  target group  ").append(group.name()).append("  ").append(group.targets().size())
                    .append(" target(s)\n");
        }
        return text.toString();
    }

    private static String hostAndPort(InetSocketAddress address) {
        return address.getAddress().getHostAddress() + ":" + address.getPort();
    }
}
