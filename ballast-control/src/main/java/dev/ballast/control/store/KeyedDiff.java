package dev.ballast.control.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The mutations that turn one map of records, stored one per key under a prefix, into another: a put for each new
 * or changed value, a delete for each key that is gone.
 *
 * <p>Thread-safe (stateless).
 */
public final class KeyedDiff {
    private KeyedDiff() {}

    /** Puts (values encoded by {@code encode}) and deletes under {@code prefix} that turn {@code from} into {@code to}. */
    public static <V> List<Mutation> between(String prefix, Map<String, V> from, Map<String, V> to,
                                             Function<V, String> encode) {
        List<Mutation> out = new ArrayList<>();
        to.forEach((name, value) -> {
            if (!Objects.equals(from.get(name), value)) {
                out.add(new Mutation.Put(prefix + name, encode.apply(value)));
            }
        });
        from.keySet().stream().filter(name -> !to.containsKey(name))
                .forEach(name -> out.add(new Mutation.Delete(prefix + name)));
        return out;
    }
}
