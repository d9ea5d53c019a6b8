package dev.ballast.server;

import dev.ballast.core.model.ListenerBindException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ballast demo}: runs {@link Demo} (scenario S1 on the real server) until stopped.
 *
 * <p>Not thread-safe; one instance runs once.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Runs the server with the ECS service hello-world-service (3 tasks of tutum/hello-world) "
                + "behind the application load balancer hello-world-lb until Ctrl-C.")
public final class DemoCommand extends RunningCommand {
    @Option(names = "--port", defaultValue = "" + Demo.DEFAULT_PORT,
            description = "The load balancer's HTTP port (default: ${DEFAULT-VALUE}).")
    private int port;

    @Option(names = "--bind", defaultValue = "0.0.0.0",
            description = "The address the load balancer listens on (default: ${DEFAULT-VALUE}, as internet-facing).")
    private String bindAddress;

    @Option(names = "--api-port", defaultValue = "" + Demo.DEFAULT_API_PORT,
            description = "The AWS API's port on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
    private int apiPort;

    @Option(names = "--data-dir", paramLabel = "<dir>",
            description = "Where the demo's server keeps its data (default: a temporary directory, removed at exit).")
    private Path dataDir;

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
            demo = Demo.start(bindAddress, port, apiPort, dataDir);
        } catch (ListenerBindException e) {
            throw new IllegalStateException(e.getMessage() + "; choose another port with --port (or address with "
                    + "--bind)", e);
        }
        String notServed = demo.listenerNotServed();
        if (notServed != null) {
            demo.close();
            throw new IllegalStateException("listener " + notServed + "; choose another port with --port (or "
                    + "address with --bind)");
        }
        if (!demo.awaitHealthy(Duration.ofSeconds(60))) {
            out.println("ballast demo: not every task is a healthy target yet; traffic goes to those that are");
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
