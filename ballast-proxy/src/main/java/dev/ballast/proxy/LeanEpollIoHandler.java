package dev.ballast.proxy;

import io.netty.channel.IoHandle;
import io.netty.channel.IoHandler;
import io.netty.channel.IoHandlerContext;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.IoOps;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollIoOps;

/**
 * Netty's epoll I/O handler with fewer and safer {@code epoll_ctl} calls: a socket is added to the epoll set only
 * once it waits for input or output, the same interest set is not submitted twice, and a socket whose interest set
 * becomes empty stays in the set watching nothing (as in Netty 4.1) instead of being removed.
 *
 * <p>Why, one by one: an accepted socket is registered before reading starts, which costs an {@code EPOLL_CTL_ADD}
 * (for peer hang-ups only) and then an {@code EPOLL_CTL_MOD} (for input); adding it when it starts reading makes that
 * one call per connection. A connected target socket had the same interest set submitted twice in a row. And Netty
 * 4.2.18 removes a socket with an empty interest set ({@code EPOLL_CTL_DEL}) but keeps its registration marked as
 * added, so the next interest change ({@code EPOLL_CTL_MOD}) fails with {@code epoll_ctl(..) failed: No such file
 * or directory} and the connection is cut: a half-closed TCP relay (its input ended while it was not reading)
 * waiting to write the rest of a long answer gets there. Netty's own fix is in releases whose native jars the
 * reachable Maven Central lacks.
 *
 * <p>Thread-safe as the wrapped handler: everything runs on the handler's event loop.
 */
final class LeanEpollIoHandler implements IoHandler {
    private final IoHandler epoll;

    private LeanEpollIoHandler(IoHandler epoll) {
        this.epoll = epoll;
    }

    /** The factory of event loops' I/O handlers: Netty's epoll handler, wrapped. */
    static IoHandlerFactory newFactory() {
        IoHandlerFactory epoll = EpollIoHandler.newFactory();
        return executor -> new LeanEpollIoHandler(epoll.newHandler(executor));
    }

    @Override
    public void initialize() {
        epoll.initialize();
    }

    @Override
    public int run(IoHandlerContext context) {
        return epoll.run(context);
    }

    @Override
    public void prepareToDestroy() {
        epoll.prepareToDestroy();
    }

    @Override
    public void destroy() {
        epoll.destroy();
    }

    @Override
    public IoRegistration register(IoHandle handle) throws Exception {
        return new KeptRegistration(epoll.register(handle));
    }

    @Override
    public void wakeup() {
        epoll.wakeup();
    }

    @Override
    public boolean isCompatible(Class<? extends IoHandle> handleType) {
        return epoll.isCompatible(handleType);
    }

    /** A registration that submits only what changes the kernel's view, and never an empty set once added. */
    private static final class KeptRegistration implements IoRegistration {
        // What a socket watches only to learn of a hang-up: not worth a system call before it reads or writes.
        private static final int READ_OR_WRITE = EpollIoOps.EPOLLIN.value() | EpollIoOps.EPOLLOUT.value();

        private final IoRegistration registration;
        private boolean added;
        private int submitted;

        KeptRegistration(IoRegistration registration) {
            this.registration = registration;
        }

        @Override
        public <T> T attachment() {
            return registration.attachment();
        }

        @Override
        public long submit(IoOps ops) {
            int value = ((EpollIoOps) ops).value();
            if (!added) {
                if ((value & READ_OR_WRITE) == 0) {
                    return value; // added with the first submission that reads or writes
                }
                long result = registration.submit(ops);
                added = result >= 0;
                submitted = value;
                return result;
            }
            if (value == EpollIoOps.NONE.value()) {
                ops = EpollIoOps.EPOLLET; // in the set, watching nothing (edge-triggered: a hang-up reports once)
                value = EpollIoOps.EPOLLET.value();
            }
            if (value == submitted) {
                return value;
            }
            submitted = value;
            return registration.submit(ops);
        }

        @Override
        public boolean isValid() {
            return registration.isValid();
        }

        @Override
        public boolean cancel() {
            return registration.cancel();
        }
    }
}
