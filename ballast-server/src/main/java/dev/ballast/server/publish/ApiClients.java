package dev.ballast.server.publish;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;

/**
 * The AWS SDK clients {@code ballast service} and the demo use to drive a Ballast server through its API, exactly as
 * the AWS CLI does: ECS for services and tasks, ELBv2 for the load balancer, listener and target group.
 *
 * <p>Credentials: {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY} when set (a server started with
 * {@code --access-key} checks their signature), else placeholder keys, which a server without {@code --access-key}
 * accepts. Thread-safe (the SDK clients are).
 */
public final class ApiClients implements AutoCloseable {
    /** The region every Ballast ARN names. */
    public static final Region REGION = Region.US_EAST_1;

    private final EcsClient ecs;
    private final ElasticLoadBalancingV2Client elb;

    private ApiClients(EcsClient ecs, ElasticLoadBalancingV2Client elb) {
        this.ecs = ecs;
        this.elb = elb;
    }

    /** Clients of the API at {@code endpoint} (e.g. {@code http://127.0.0.1:9500}). */
    public static ApiClients connect(URI endpoint) {
        AwsCredentialsProvider credentials = System.getenv("AWS_ACCESS_KEY_ID") != null
                ? EnvironmentVariableCredentialsProvider.create()
                : StaticCredentialsProvider.create(AwsBasicCredentials.create("ballast", "ballast"));
        return new ApiClients(pointedAt(EcsClient.builder(), endpoint, credentials).build(),
                pointedAt(ElasticLoadBalancingV2Client.builder(), endpoint, credentials).build());
    }

    private static <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B pointedAt(B builder,
            URI endpoint, AwsCredentialsProvider credentials) {
        return builder.endpointOverride(endpoint)
                .region(REGION)
                .credentialsProvider(credentials)
                .httpClientBuilder(ApacheHttpClient.builder());
    }

    /** The ECS client. */
    public EcsClient ecs() {
        return ecs;
    }

    /** The ELBv2 client. */
    public ElasticLoadBalancingV2Client elb() {
        return elb;
    }

    @Override
    public void close() {
        ecs.close();
        elb.close();
    }
}
