package dev.ballast.control.elbv2;

import dev.ballast.core.model.TargetAddresses;
import java.util.function.Supplier;

/**
 * The instances that instance targets and Classic load balancers' instances may name right now, id → address: this
 * server alone, or in a cluster every node whose lease is alive. Registering an instance that is not running is
 * refused as AWS refuses it; one that stops after it was registered stays registered and is shown stopped.
 *
 * <p>Thread-safe: one writer (the cluster membership) replaces the table; commands read it at any time.
 */
public final class RunningInstances implements Supplier<TargetAddresses> {
    private volatile TargetAddresses current;

    /** A table holding {@code initial} (this server's own instance). */
    public RunningInstances(TargetAddresses initial) {
        this.current = initial;
    }

    /** The instances running now. */
    @Override
    public TargetAddresses get() {
        return current;
    }

    /** Replaces the table (a node joined or left). */
    public void set(TargetAddresses running) {
        this.current = running;
    }

    /** True when instance {@code id} runs now. */
    public boolean isRunning(String id) {
        return current.instanceAddresses().containsKey(id);
    }
}
