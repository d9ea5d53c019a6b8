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
import dev.ballast.control.store.SqliteStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.random.RandomGenerator;

/**
 * CloudFormation in the server: its own store under {@code cloudformation/} (the stacks; the resources they own
 * live in their services' stores), the stack commands on the ELBv2, Classic, ACM, EC2, Route 53, Cloud Map and ECS
 * commands, and the Query service.
 *
 * <p>Thread-safe (the parts are); close once.
 *
 * @param store the stacks' store
 * @param stacks the stack commands (and their runner thread)
 * @param api the Query service to register
 */
record CloudFormationWiring(SqliteStore store, StackCommands stacks, CloudFormationService api)
        implements AutoCloseable {
    /** Opens the store under {@code dataDir} and builds the commands on the given services' commands. */
    static CloudFormationWiring open(Path dataDir, ElbControl elb, ClassicControl classic, AcmCommands acm,
                                     Ec2Control ec2, HostedZoneCommands zones, RecordSetCommands recordSets,
                                     EcsControl ecs, CloudMapWiring cloudMap, Clock clock, RandomGenerator random) {
        SqliteStore store = SqliteStore.open(dataDir.resolve("cloudformation"));
        try {
            String region = elb.settings().region();
            String account = elb.settings().accountId();
            StackCommands stacks = new StackCommands(StackWriter.open(store), CloudFormationResources.of(elb, classic,
                    acm, ec2, zones, recordSets, ecs, cloudMap.namespaces(), cloudMap.services(), region, account,
                    random), region, account, clock, random);
            return new CloudFormationWiring(store, stacks, new CloudFormationService(stacks));
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /** Stops the stack runner, then closes the store. */
    @Override
    public void close() {
        stacks.close();
        store.close();
    }
}
