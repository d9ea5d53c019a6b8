package dev.ballast.etcd;

import io.etcd.jetcd.ByteSequence;
import java.nio.charset.StandardCharsets;

/**
 * The etcd keys of one store's namespace: {@code <ns>revision} (the store's own revision counter, guarded by every
 * commit), {@code <ns>data/<key>} (one record per resource) and {@code <ns>log/<revision, 20 digits>} (each commit's
 * mutations, so that a watch can replay them in order).
 *
 * <p>Thread-safe (immutable).
 */
final class EtcdKeys {
    private final String namespace;

    EtcdKeys(String namespace) {
        if (!namespace.startsWith("/") || !namespace.endsWith("/")) {
            throw new IllegalArgumentException("namespace: " + namespace + " (expected: /.../)");
        }
        this.namespace = namespace;
    }

    ByteSequence revision() {
        return bytes(namespace + "revision");
    }

    ByteSequence data(String key) {
        return bytes(namespace + "data/" + key);
    }

    String dataKeyOf(ByteSequence etcdKey) {
        return etcdKey.toString(StandardCharsets.UTF_8).substring((namespace + "data/").length());
    }

    ByteSequence log(long revision) {
        return bytes(namespace + "log/" + String.format("%020d", revision));
    }

    ByteSequence logPrefix() {
        return bytes(namespace + "log/");
    }

    long revisionOfLog(ByteSequence etcdKey) {
        return Long.parseLong(etcdKey.toString(StandardCharsets.UTF_8).substring((namespace + "log/").length()));
    }

    /** The first key after every key that starts with {@code prefix} (etcd's range end for a prefix). */
    static ByteSequence prefixEnd(ByteSequence prefix) {
        byte[] end = prefix.getBytes().clone();
        for (int i = end.length - 1; i >= 0; i--) {
            if (end[i] != (byte) 0xff) {
                end[i]++;
                byte[] cut = new byte[i + 1];
                System.arraycopy(end, 0, cut, 0, i + 1);
                return ByteSequence.from(cut);
            }
        }
        return ByteSequence.from(new byte[] {0}); // every key: etcd's "\0" range end
    }

    static ByteSequence bytes(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }

    static String text(ByteSequence b) {
        return b.toString(StandardCharsets.UTF_8);
    }
}
