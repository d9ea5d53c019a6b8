package dev.ballast.server;

import sun.misc.Signal;

/**
 * Runs an action each time the process gets SIGHUP ({@code kill -HUP <pid>}), the Unix convention for "read your
 * configuration again". Without it the JVM would exit on SIGHUP.
 *
 * <p>Thread-safe: the JVM runs each signal's action on a new thread of its own.
 */
final class HangupSignal {
    private HangupSignal() {}

    /**
     * Installs {@code action} as the SIGHUP handler; returns false where the JVM cannot handle SIGHUP (the process was
     * started with SIGHUP ignored, e.g. by {@code nohup}, or the platform has no SIGHUP).
     */
    static boolean onHangup(Runnable action) {
        try {
            Signal.handle(new Signal("HUP"), s -> action.run());
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
