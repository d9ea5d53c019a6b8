package dev.ballast.server;

import dev.ballast.core.model.ConfigSnapshot;
import dev.ballast.core.model.Listener;
import dev.ballast.core.model.LoadBalancer;
import dev.ballast.core.model.TargetGroup;
import dev.ballast.server.config.ConfigFileException;
import dev.ballast.server.config.ConfigFileLoader;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ballast server --config <file.yaml>}: loads the file's load balancers and serves them until stopped.
 * An invalid file is reported with exit code 2 and nothing is started.
 *
 * <p>Not thread-safe; one instance runs once.
 */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = "Runs the load balancers, listeners and target groups of a configuration file until Ctrl-C "
                + "(see docs/config.md).")
public final class ServerCommand implements Callable<Integer> {
    /** Exit status for a configuration file that cannot be used. */
    public static final int INVALID_CONFIG = 2;

    @Spec
    private CommandSpec spec;

    @Option(names = "--config", required = true, paramLabel = "<file.yaml>",
            description = "The configuration file (YAML, see docs/config.md).")
    private Path config;

    private final StopSignal stop;

    /** The command as the command line runs it: stopped by SIGINT or SIGTERM. */
    public ServerCommand() {
        this(null);
    }

    /** The command stopped by {@code stop} (tests). */
    public ServerCommand(StopSignal stop) {
        this.stop = stop;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ConfigSnapshot snapshot;
        try {
            snapshot = new ConfigFileLoader(new SplittableRandom()).load(config);
        } catch (ConfigFileException e) {
            err.println("ballast server: invalid configuration file " + config + ": " + e.getMessage());
            err.flush();
            return INVALID_CONFIG;
        }
        StopSignal stopSignal = stop != null ? stop : StopSignal.onProcessSignals();
        DataPlane dataPlane = DataPlane.start(snapshot);
        out.print(describe(dataPlane));
        out.println("Press Ctrl-C to stop.");
        out.flush();
        stopSignal.runUntilStopped(dataPlane);
        out.println("ballast server: stopped");
        out.flush();
        return 0;
    }

    private static String describe(DataPlane dataPlane) {
        ConfigSnapshot snapshot = dataPlane.snapshot();
        StringBuilder text = new StringBuilder("Ballast server: configuration revision ")
                .append(snapshot.revision()).append('\n');
        for (Listener listener : snapshot.listeners().values()) {
            LoadBalancer lb = snapshot.loadBalancer(listener.loadBalancerArn());
            InetSocketAddress bound = dataPlane.boundAddress(listener.arn());
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
