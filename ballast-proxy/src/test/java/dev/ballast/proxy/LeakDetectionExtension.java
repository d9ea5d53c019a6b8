package dev.ballast.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test when Netty's leak detector reports a leaked buffer. Registered for every test through
 * {@code META-INF/services} autodetection; installs its detector factory before any buffer class is loaded.
 *
 * <p>Thread-safe: leaks are reported from any thread into a concurrent list.
 */
public final class LeakDetectionExtension implements AfterEachCallback {
    private static final List<String> LEAKS = new CopyOnWriteArrayList<>();

    static {
        ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new RecordingFactory());
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        // Leaked buffers are only noticed after they are collected and a new buffer is tracked.
        for (int i = 0; i < 5; i++) {
            awaitCollection();
            ByteBuf probe = ByteBufAllocator.DEFAULT.directBuffer(16);
            probe.release();
            Unpooled.directBuffer(16).release();
        }
        List<String> found = new ArrayList<>(LEAKS);
        LEAKS.clear();
        assertThat(found).as("Netty buffer leaks in " + context.getDisplayName()).isEmpty();
    }

    /**
     * Runs the garbage collector until a fresh object has been collected and its reference enqueued: by then the
     * references of buffers dropped before it are being enqueued too, where the leak detector looks for them.
     */
    private static void awaitCollection() throws InterruptedException {
        ReferenceQueue<Object> queue = new ReferenceQueue<>();
        WeakReference<Object> sentinel = new WeakReference<>(new Object(), queue);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (queue.remove(10) == null) {
            assertThat(System.nanoTime() - deadline).as("a garbage collection within 10 s").isNegative();
            System.gc();
        }
        assertThat(sentinel.refersTo(null)).isTrue();
    }

    private static final class RecordingFactory extends ResourceLeakDetectorFactory {
        @Override
        @SuppressWarnings("deprecation")
        public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval,
                                                                   long maxActive) {
            return new RecordingDetector<>(resource, samplingInterval);
        }

        @Override
        public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval) {
            return new RecordingDetector<>(resource, samplingInterval);
        }
    }

    private static final class RecordingDetector<T> extends ResourceLeakDetector<T> {
        RecordingDetector(Class<T> resource, int samplingInterval) {
            super(resource, samplingInterval);
        }

        @Override
        protected boolean needReport() {
            return true;
        }

        @Override
        protected void reportTracedLeak(String resourceType, String records) {
            LEAKS.add(resourceType + records);
            super.reportTracedLeak(resourceType, records);
        }

        @Override
        protected void reportUntracedLeak(String resourceType) {
            LEAKS.add(resourceType);
            super.reportUntracedLeak(resourceType);
        }
    }
}
