package dev.ballast.control.ecs.run.process;

import java.util.ArrayList;
import java.util.List;

/**
 * Signals a process and its descendants. The descendants are listed before the process is signalled: once it has
 * exited its children are re-parented and no longer found through it.
 *
 * <p>Thread-safe: stateless.
 */
final class ProcessTree {
    private ProcessTree() {}

    /** {@code root} and every descendant it has now. */
    static List<ProcessHandle> of(ProcessHandle root) {
        List<ProcessHandle> tree = new ArrayList<>();
        tree.add(root);
        root.descendants().forEach(tree::add);
        return tree;
    }

    /** Sends SIGTERM to each process of {@code tree}. */
    static void terminate(List<ProcessHandle> tree) {
        tree.forEach(ProcessHandle::destroy);
    }

    /** Sends SIGKILL to {@code root} and its descendants. */
    static void kill(ProcessHandle root) {
        of(root).forEach(ProcessHandle::destroyForcibly);
    }
}
