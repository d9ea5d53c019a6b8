package dev.ballast.server;

import dev.ballast.api.cloudformation.CloudFormationResources;
import dev.ballast.api.cloudformation.CloudFormationService;
import dev.ballast.control.acm.AcmCommands;
import dev.ballast.control.classic.ClassicControl;
import dev.ballast.control.cloudformation.StackCommands;
import dev.ballast.control.cloudformation.StackWriter;
import dev.ballast.control.ec2.Ec2Control;
import dev.ballast.control.ecs.EcsControl;
import dev.ballast.control.elbv2.ElbControl;
import dev.ballast.control.route53.HostedZoneCommands;
import dev.ballast.control.route53.RecordSetCommands;
import dev.ballast.control.store.Store;
import dev.ballast.control.store.StoreFactory;
import dev.ballast.control.store.StoreFollower;
import java.time.Clock;
import java.util.random.RandomGenerator;

/**
 * CloudFormation in the server: its own store {@code cloudformation} (the stacks; the resources they own live in
 * their services' stores; under the data directory, or on etcd in a cluster, where the stacks other nodes write are
 * followed), the stack commands on the ELBv2, Classic, ACM, EC2, Route 53, Cloud Map and ECS commands, and the Query service.
 *
 * <p>Thread-safe (the parts are); close once.
 *
 * @param store the stacks' store
 * @param stacks the stack commands (and their runner thread)
 * @param api the Query service to register
 * @param follower what keeps the stacks in step with other nodes' commits; null on one node
 */
record CloudFormationWiring(Store store, StackCommands stacks, CloudFormationService api, StoreFollower follower)
        implements AutoCloseable {
    /** Opens the store from {@code stores} and builds the commands on the given services' commands. */
    static CloudFormationWiring open(StoreFactory stores, ElbControl elb, ClassicControl classic, AcmCommands acm,
                                     Ec2Control ec2, HostedZoneCommands zones, RecordSetCommands recordSets,
                                     EcsControl ecs, CloudMapWiring cloudMap, Clock clock, RandomGenerator random) {
        Store store = stores.open("cloudformation", false);
        try {
            String region = elb.settings().region();
            String account = elb.settings().accountId();
            StackWriter writer = StackWriter.open(store);
            StackCommands stacks = new StackCommands(writer, CloudFormationResources.of(elb, classic,
                    acm, ec2, zones, recordSets, ecs, cloudMap.namespaces(), cloudMap.services(), region, account,
                    random), region, account, clock, random);
            StoreFollower follower = stores.shared()
                    ? StoreFollower.follow("cloudformation", store, writer.revision(), writer::catchUp) : null;
            return new CloudFormationWiring(store, stacks, new CloudFormationService(stacks), follower);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /** Stops the stack runner and the follower, then closes the store. */
    @Override
    public void close() {
        stacks.close();
        if (follower != null) {
            follower.close();
        }
        store.close();
    }
}
