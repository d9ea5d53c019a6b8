package dev.ballast.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link RequestFramingGuard} decides the same whatever way the bytes are cut into reads: every battery vector
 * delivered one byte per read gives the same verdicts, errors and passed bytes as delivered in one read.
 */
class RequestFramingGuardTest {

    @Test
    void sameDecisionsWhenBytesArriveOneByOne() {
        // one test over the whole table (the leak check after each test costs more than a vector)
        List<String> differing = new ArrayList<>();
        for (HttpFramingBatteryTest.Vector vector : HttpFramingBatteryTest.vectors()) {
            byte[] bytes = vector.request().getBytes(StandardCharsets.ISO_8859_1);
            List<byte[]> single = new ArrayList<>();
            for (byte b : bytes) {
                single.add(new byte[] {b});
            }
            List<String> whole = run(List.of(bytes));
            List<String> oneByOne = run(single);
            if (!oneByOne.equals(whole)) {
                differing.add(vector.name() + ": " + whole + " but one by one " + oneByOne);
            }
        }
        assertThat(differing).isEmpty();
    }

    /** What the guard passes on, as text: passed bytes joined, verdicts and errors as markers between them. */
    private static List<String> run(List<byte[]> reads) {
        EmbeddedChannel channel = new EmbeddedChannel(new RequestFramingGuard(60_000));
        for (byte[] read : reads) {
            channel.writeInbound(Unpooled.wrappedBuffer(read));
        }
        List<String> out = new ArrayList<>();
        StringBuilder bytes = new StringBuilder();
        Object msg;
        while ((msg = channel.readInbound()) != null) {
            if (msg instanceof ByteBuf buf) {
                bytes.append(buf.toString(StandardCharsets.ISO_8859_1));
                buf.release();
                continue;
            }
            if (!bytes.isEmpty()) {
                out.add(bytes.toString());
                bytes.setLength(0);
            }
            out.add(msg.toString());
        }
        if (!bytes.isEmpty()) {
            out.add(bytes.toString());
        }
        channel.finishAndReleaseAll();
        return out;
    }
}
