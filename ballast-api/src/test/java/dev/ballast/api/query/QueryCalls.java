package dev.ballast.api.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Query API calls straight into a {@link QueryDispatcher}, and their golden files: Ballast's own answer byte for
 * byte, and AWS's example answer by its element paths.
 *
 * <p>Thread-safe: stateless.
 */
public final class QueryCalls {
    /** The request id of every call, so golden files are repeatable. */
    public static final String REQUEST_ID = "00000000-0000-0000-0000-000000000000";

    private QueryCalls() {}

    /** Dispatches {@code Action=action&Version=version} with the parameter {@code pairs} (name, value, ...). */
    public static ApiResponse call(QueryDispatcher dispatcher, String version, String action, String... pairs) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("Action", action);
        params.put("Version", version);
        for (int i = 0; i < pairs.length; i += 2) {
            params.put(pairs[i], pairs[i + 1]);
        }
        return dispatcher.dispatch(QueryParams.of(params), REQUEST_ID);
    }

    /** {@code body} equals {@code file}; with {@code -Dgolden.update=true} the file is rewritten first. */
    public static void assertMatchesGolden(Path file, String body) throws IOException {
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(file, body, StandardCharsets.UTF_8);
        }
        assertThat(body).isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
    }

    /** The element paths of AWS's example {@code example} that none of {@code bodies} has. */
    public static Set<String> pathsMissing(Path example, String... bodies) throws IOException {
        Set<String> missing = new TreeSet<>(QueryServiceModel.elementPaths(
                Files.readString(example, StandardCharsets.UTF_8)));
        for (String body : bodies) {
            missing.removeAll(QueryServiceModel.elementPaths(body));
        }
        return missing;
    }
}
