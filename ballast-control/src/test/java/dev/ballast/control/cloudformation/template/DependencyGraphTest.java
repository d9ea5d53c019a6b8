package dev.ballast.control.cloudformation.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DependencyGraphTest {
    @Test
    void createsAfterDependenciesFromRefGetAttSubAndDependsOn() {
        Template t = Template.parse("""
                Parameters:
                  Env: {Type: String, Default: dev}
                Resources:
                  Record:
                    Type: AWS::Route53::RecordSet
                    Properties:
                      HostedZoneId: !Ref Zone
                      ResourceRecords: [ !GetAtt Lb.DNSName ]
                      Name: !Sub '${Env}.${Zone}'
                  Lb:
                    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
                    DependsOn: Role
                    Properties: {Name: !Sub '${AWS::StackName}-lb'}
                  Zone:
                    Type: AWS::Route53::HostedZone
                    Properties: {Name: in.example.com}
                  Role:
                    Type: AWS::IAM::Role
                """);
        DependencyGraph g = DependencyGraph.of(t);
        assertThat(g.creationOrder()).containsExactly("Zone", "Role", "Lb", "Record");
        assertThat(g.deletionOrder()).containsExactly("Record", "Lb", "Role", "Zone");
        assertThat(g.dependencies("Record")).containsExactlyInAnyOrder("Zone", "Lb");
    }

    @Test
    void aCycleNamesItsResources() {
        Template t = Template.parse("""
                Resources:
                  A: {Type: AWS::IAM::Role, Properties: {X: !Ref B}}
                  B: {Type: AWS::IAM::Role, Properties: {X: !GetAtt C.Arn}}
                  C: {Type: AWS::IAM::Role, DependsOn: [A]}
                  D: {Type: AWS::IAM::Role}
                """);
        assertThatThrownBy(() -> DependencyGraph.of(t))
                .hasMessage("Circular dependency between resources: [A, B, C]");
    }

    @Test
    void aRefToNothingNamesWhere() {
        Template t = Template.parse("""
                Resources:
                  A: {Type: AWS::IAM::Role, Properties: {X: [a, !Ref Nope]}}
                """);
        assertThatThrownBy(() -> DependencyGraph.of(t))
                .hasMessage("Template format error: [/Resources/A/Properties/X/1/Ref] Unresolved resource "
                        + "dependencies [Nope] in the Resources block of the template");
        Template sub = Template.parse("{\"Resources\": {\"A\": {\"Type\": \"AWS::IAM::Role\", \"DependsOn\": \"Z\"}}}");
        assertThatThrownBy(() -> DependencyGraph.of(sub))
                .hasMessageContaining("[/Resources/A/DependsOn] Unresolved resource dependencies [Z]");
    }

    @Test
    void outputsAreCheckedToo() {
        Template t = Template.parse("""
                Resources:
                  A: {Type: AWS::IAM::Role}
                Outputs:
                  O: {Value: !GetAtt Missing.Arn}
                """);
        assertThatThrownBy(() -> DependencyGraph.of(t))
                .hasMessageContaining("instance of Fn::GetAtt references undefined resource Missing");
    }
}
