package dev.ballast.server.labels;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ballast.control.labels.DockerLabelsProvider;
import dev.ballast.control.labels.LabelStatus;
import dev.ballast.server.ControlPlane;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Docker labels provider wired into a running server: it reconciles on every configuration commit and its
 * statuses are served as JSON at {@value #PATH} on the API port (what {@code ballast labels} prints).
 *
 * <p>Thread-safe: start once, close once; the provider has its own threads.
 */
public final class LabelsPlane implements AutoCloseable {
    /** The status page's path on the API port. */
    public static final String PATH = "/ballast/labels";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DockerLabelsProvider provider;

    private LabelsPlane(DockerLabelsProvider provider) {
        this.provider = provider;
    }

    /**
     * Starts the provider on the engine at {@code dockerHost} for the load balancers of {@code plane} (on a cluster
     * node, as that node's provider: see docs/labels.md).
     */
    public static LabelsPlane start(ControlPlane plane, String dockerHost, DockerLabelsProvider.Timings timings) {
        DockerLabelsProvider provider = DockerLabelsProvider.start(dockerHost, plane.control(), plane.classic(),
                plane.acm(), timings, plane.clusterRole());
        // A label may name a load balancer (or Name tag) that appears later: every commit is a reason to look again.
        plane.dataPlane().publisher().subscribe(snapshot -> provider.configChanged());
        LabelsPlane labels = new LabelsPlane(provider);
        plane.serveJson(PATH, labels::json);
        return labels;
    }

    /** The provider. */
    public DockerLabelsProvider provider() {
        return provider;
    }

    /** {@code {"engine": ..., "engineState": ..., "labels": [LabelStatus ...]}}. */
    String json() {
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("engine", provider.host());
        page.put("engineState", provider.engineState());
        List<LabelStatus> statuses = provider.statuses();
        page.put("labels", statuses);
        try {
            return JSON.writeValueAsString(page);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        provider.close();
    }
}
