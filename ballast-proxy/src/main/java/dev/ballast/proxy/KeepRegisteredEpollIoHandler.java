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
 * Netty's epoll I/O handler with one change: a socket whose interest set becomes empty stays in the epoll set
 * (watching nothing, as Netty 4.1 did) instead of being removed from it.
 *
 * <p>Why: Netty 4.2.18 removes such a socket ({@code EPOLL_CTL_DEL}) but keeps its registration marked as added,
 * so the next interest change ({@code EPOLL_CTL_MOD}) fails with {@code epoll_ctl(..) failed: No such file or
 * directory} and the connection is cut. A socket gets there when its input has ended while it is not reading — a
 * half-closed TCP relay, or a client that sends everything and its FIN before the target is connected — and the
 * next change is waiting to write the rest of a long answer. Netty's own fix is in releases whose native jars the
 * reachable Maven Central lacks.
 *
 * <p>Thread-safe as the wrapped handler: everything runs on the handler's event loop.
 */
final class KeepRegisteredEpollIoHandler implements IoHandler {
    private final IoHandler epoll;

    private KeepRegisteredEpollIoHandler(IoHandler epoll) {
        this.epoll = epoll;
    }

    /** The factory of event loops' I/O handlers: Netty's epoll handler, wrapped. */
    static IoHandlerFactory newFactory() {
        IoHandlerFactory epoll = EpollIoHandler.newFactory();
        return executor -> new KeepRegisteredEpollIoHandler(epoll.newHandler(executor));
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

    /** A registration that turns "nothing" into "edge-triggered, no events" once the socket is in the set. */
    private static final class KeptRegistration implements IoRegistration {
        private final IoRegistration registration;
        private boolean added;

        KeptRegistration(IoRegistration registration) {
            this.registration = registration;
        }

        @Override
        public <T> T attachment() {
            return registration.attachment();
        }

        @Override
        public long submit(IoOps ops) {
            boolean none = ops instanceof EpollIoOps epollOps && epollOps.value() == EpollIoOps.NONE.value();
            if (none && added) {
                return registration.submit(EpollIoOps.EPOLLET);
            }
            long result = registration.submit(ops);
            added |= !none && result >= 0;
            return result;
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
