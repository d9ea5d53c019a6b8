package dev.ballast.server;

import dev.ballast.server.hello.HelloServer;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ballast hello --port N}: runs one built-in hello-world target until stopped.
 *
 * <p>Not thread-safe; one instance runs once.
 */
@Command(name = "hello", mixinStandardHelpOptions = true,
        description = "Runs a hello-world target (like tutum/hello-world) until Ctrl-C; it also answers "
                + HelloServer.HEALTH_PATH + " with 200.")
public final class HelloCommand extends RunningCommand {
    @Option(names = "--port", required = true, description = "The port to listen on.")
    private int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1",
            description = "The address to listen on (default: ${DEFAULT-VALUE}).")
    private String bindAddress;

    @Option(names = "--task-id", defaultValue = "hello", description = "The task id the page shows (default: "
            + "${DEFAULT-VALUE}).")
    private String taskId;

    /** The command as the command line runs it: stopped by SIGINT or SIGTERM. */
    public HelloCommand() {
        this(null);
    }

    /** The command stopped by {@code stop} (tests). */
    public HelloCommand(StopSignal stop) {
        super(stop);
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = out();
        StopSignal stopSignal = stopSignal();
        HelloServer hello = HelloServer.start(new InetSocketAddress(bindAddress, port), taskId);
        InetSocketAddress address = hello.address();
        out.println("hello-world target " + taskId + " on http://"
                + HostPort.format(address.getAddress().getHostAddress(), address.getPort()) + "/");
        out.println(stopHint());
        out.flush();
        stopSignal.runUntilStopped(hello);
        return 0;
    }
}
