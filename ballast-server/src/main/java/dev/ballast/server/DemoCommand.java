package dev.ballast.server;

import dev.ballast.core.model.ListenerBindException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.SplittableRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ballast demo}: runs {@link Demo} (scenario S1) until stopped.
 *
 * <p>Not thread-safe; one instance runs once.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Runs three hello-world targets behind the application load balancer hello-world-lb "
                + "until Ctrl-C.")
public final class DemoCommand extends RunningCommand {
    @Option(names = "--port", defaultValue = "" + Demo.DEFAULT_PORT,
            description = "The load balancer's HTTP port (default: ${DEFAULT-VALUE}).")
    private int port;

    @Option(names = "--bind", defaultValue = "0.0.0.0",
            description = "The address the load balancer listens on (default: ${DEFAULT-VALUE}, as internet-facing).")
    private String bindAddress;

    /** The command as the command line runs it: stopped by SIGINT or SIGTERM. */
    public DemoCommand() {
        this(null);
    }

    /** The command stopped by {@code stop} (tests). */
    public DemoCommand(StopSignal stop) {
        super(stop);
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = out();
        StopSignal stopSignal = stopSignal();
        Demo demo;
        try {
            demo = Demo.start(bindAddress, port, new SplittableRandom());
        } catch (ListenerBindException e) {
            throw new IllegalStateException(e.getMessage() + "; choose another port with --port (or address with "
                    + "--bind)", e);
        }
        if (!demo.awaitHealthy(Duration.ofSeconds(15))) {
            out.println("ballast demo: not every task passed its first health check yet; traffic goes to those that did");
        }
        out.print(demo.instructions());
        out.println();
        out.println(stopHint());
        out.flush();
        stopSignal.runUntilStopped(demo);
        out.println("ballast demo: stopped");
        out.flush();
        return 0;
    }
}
