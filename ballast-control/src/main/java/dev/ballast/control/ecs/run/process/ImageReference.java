package dev.ballast.control.ecs.run.process;

/**
 * The parts of a Docker image reference the process driver needs: the repository without tag or digest, and without
 * Docker Hub's implicit registry ({@code docker.io/tutum/hello-world:latest} is {@code tutum/hello-world}).
 *
 * <p>Thread-safe: stateless.
 */
public final class ImageReference {
    private static final String DOCKER_HUB = "docker.io/";

    private ImageReference() {}

    /** The repository of {@code image}: {@code host:5000/a/b:tag@sha256:...} gives {@code host:5000/a/b}. */
    public static String repository(String image) {
        String name = image;
        int digest = name.indexOf('@');
        if (digest >= 0) {
            name = name.substring(0, digest);
        }
        // A tag follows the last ':' only when no '/' comes after it (else the ':' is a registry's port).
        int colon = name.lastIndexOf(':');
        if (colon > name.lastIndexOf('/')) {
            name = name.substring(0, colon);
        }
        if (name.startsWith(DOCKER_HUB)) {
            name = name.substring(DOCKER_HUB.length());
        }
        return name;
    }
}
