package dev.ballast.control.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Version;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.core.RemoteApiVersion;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;

/**
 * A connection to one Docker engine at an API version both sides speak: it first asks the engine's unversioned
 * {@code GET /version}, then talks {@link DockerApiVersion#negotiate min(engine, client)} for everything else.
 * Shared by the docker task driver and the Docker labels provider.
 *
 * <p>Thread-safe: docker-java's client and its connection pool may be used from several threads.
 */
public final class DockerEngineClient implements AutoCloseable {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final String host;
    private final DockerApiVersion apiVersion;
    private final String engineVersion;
    private final DockerClient docker;

    private DockerEngineClient(String host, DockerApiVersion apiVersion, String engineVersion, DockerClient docker) {
        this.host = host;
        this.apiVersion = apiVersion;
        this.engineVersion = engineVersion;
        this.docker = docker;
    }

    /**
     * Connects to the engine at {@code host} ({@code unix:///…} or {@code tcp://…}) and negotiates the API version.
     *
     * @throws IllegalStateException when the engine does not answer or speaks no common API version; the message
     *     names the address
     */
    public static DockerEngineClient connect(String host) {
        DockerClient probe = client(host, RemoteApiVersion.UNKNOWN_VERSION);
        Version version;
        try {
            version = probe.versionCmd().exec();
        } catch (RuntimeException e) {
            closeQuietly(probe);
            throw new IllegalStateException("Docker engine at " + host + " does not answer: " + e.getMessage(), e);
        }
        closeQuietly(probe);
        DockerApiVersion engineMin = version.getMinAPIVersion() == null
                ? null : DockerApiVersion.parse(version.getMinAPIVersion());
        DockerApiVersion chosen = DockerApiVersion.negotiate(DockerApiVersion.parse(version.getApiVersion()), engineMin);
        DockerClient docker = client(host, RemoteApiVersion.parseConfig(chosen.toString()));
        return new DockerEngineClient(host, chosen, version.getVersion(), docker);
    }

    private static DockerClient client(String host, RemoteApiVersion version) {
        DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(host)
                .withDockerTlsVerify(false)
                .withApiVersion(version)
                .build();
        // No response timeout: event and log streams stay open for as long as they are followed.
        ZerodepDockerHttpClient http = new ZerodepDockerHttpClient.Builder()
                .dockerHost(URI.create(host))
                .connectionTimeout(CONNECT_TIMEOUT)
                .maxConnections(64)
                .build();
        return DockerClientImpl.getInstance(config, http);
    }

    /** The engine's address. */
    public String host() {
        return host;
    }

    /** The API version this client speaks with the engine. */
    public DockerApiVersion apiVersion() {
        return apiVersion;
    }

    /** The engine's own version ({@code 20.10.24+dfsg1}). */
    public String engineVersion() {
        return engineVersion;
    }

    /** The docker-java client, speaking {@link #apiVersion()}. */
    public DockerClient docker() {
        return docker;
    }

    @Override
    public void close() {
        try {
            docker.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void closeQuietly(DockerClient client) {
        try {
            client.close();
        } catch (IOException ignored) {
            // nothing was sent on it that still matters
        }
    }
}
