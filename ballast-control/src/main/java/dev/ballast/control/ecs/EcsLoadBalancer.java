package dev.ballast.control.ecs;

/**
 * One load balancer entry of a service: the target group (ELBv2) or the Classic Load Balancer name its tasks are
 * registered with, and the container and container port that receive the traffic.
 *
 * <p>Thread-safe (immutable).
 *
 * @param targetGroupArn   the target group, or null for a Classic Load Balancer
 * @param loadBalancerName the Classic Load Balancer, or null
 */
public record EcsLoadBalancer(String targetGroupArn, String loadBalancerName, String containerName,
                              int containerPort) {}
