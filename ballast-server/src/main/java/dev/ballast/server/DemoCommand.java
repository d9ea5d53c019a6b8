package dev.ballast.server;

import java.io.PrintWriter;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ballast demo}: runs {@link Demo} (scenario S1) until stopped.
 *
 * <p>Not thread-safe; one instance runs once.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Runs three hello-world targets behind the application load balancer hello-world-lb "
                + "until Ctrl-C.")
public final class DemoCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--port", defaultValue = "" + Demo.DEFAULT_PORT,
            description = "The load balancer's HTTP port (default: ${DEFAULT-VALUE}).")
    private int port;

    @Option(names = "--bind", defaultValue = "0.0.0.0",
            description = "The address the load balancer listens on (default: ${DEFAULT-VALUE}, as internet-facing).")
    private String bindAddress;

    private final StopSignal stop;

    /** The command as the command line runs it: stopped by SIGINT or SIGTERM. */
    public DemoCommand() {
        this(null);
    }

    /** The command stopped by {@code stop} (tests). */
    public DemoCommand(StopSignal stop) {
        this.stop = stop;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        StopSignal stopSignal = stop != null ? stop : StopSignal.onProcessSignals();
        Demo demo = Demo.start(bindAddress, port, new SplittableRandom());
        out.print(demo.instructions());
        out.flush();
        stopSignal.runUntilStopped(demo);
        out.println("ballast demo: stopped");
        out.flush();
        return 0;
    }
}
