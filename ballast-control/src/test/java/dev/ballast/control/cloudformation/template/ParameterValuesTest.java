package dev.ballast.control.cloudformation.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParameterValuesTest {
    private static final PseudoParameters PSEUDO = new PseudoParameters("us-east-1", "123456789012", "s", "id");
    private final Template template = Template.parse("""
            Parameters:
              Env: {Type: String, AllowedValues: [dev, prod], Default: dev}
              Count: {Type: Number}
              Subnets: {Type: CommaDelimitedList, Default: 'a, b'}
              Vpc: {Type: 'AWS::EC2::VPC::Id', Default: vpc-1}
            Conditions:
              IsProd: !Equals [!Ref Env, prod]
              NotProd: !Not [!Condition IsProd]
            Resources:
              A: {Type: AWS::IAM::Role}
            """);

    @Test
    void defaultsTypesAndPseudoParameters() {
        Map<String, Object> v = ParameterValues.resolve(template, Map.of("Count", "2"), PSEUDO);
        assertThat(v).containsEntry("Env", "dev").containsEntry("Count", "2")
                .containsEntry("Subnets", List.of("a", "b")).containsEntry("Vpc", "vpc-1")
                .containsEntry("AWS::Region", "us-east-1").containsEntry("AWS::StackName", "s");
        assertThat(ConditionValues.evaluate(template, v, "us-east-1"))
                .containsEntry("IsProd", false).containsEntry("NotProd", true);
    }

    @Test
    void badValuesAreValidationErrors() {
        assertThatThrownBy(() -> ParameterValues.resolve(template, Map.of(), PSEUDO))
                .hasMessage("Parameters: [Count] must have values");
        assertThatThrownBy(() -> ParameterValues.resolve(template, Map.of("Count", "x"), PSEUDO))
                .hasMessage("Parameter 'Count' must be a number.");
        assertThatThrownBy(() -> ParameterValues.resolve(template, Map.of("Count", "1", "Env", "qa"), PSEUDO))
                .hasMessage("Parameter 'Env' must be one of AllowedValues");
        assertThatThrownBy(() -> ParameterValues.resolve(template, Map.of("Count", "1", "Nope", "x"), PSEUDO))
                .hasMessage("Parameters: [Nope] do not exist in the template");
    }

    @Test
    void templateGrammarErrors() {
        assertThatThrownBy(() -> Template.parse("{\"Resources\": {}}"))
                .hasMessage("Template format error: At least one Resources member must be defined.");
        assertThatThrownBy(() -> Template.parse("{\"Resources\": {\"A\": {\"Properties\": {}}}}"))
                .hasMessage("Template format error: [/Resources/A] Every Resources object must contain a Type member.");
        assertThatThrownBy(() -> Template.parse("{\"Resource\": {}}"))
                .hasMessage("Template format error: Invalid template property or properties [Resource]");
        assertThatThrownBy(() -> Template.parse("{\"Resources\": {\"A\": {\"Type\": \"X\", \"Propertes\": {}}}}"))
                .hasMessage("Template format error: [/Resources/A] Invalid template resource property 'Propertes'");
    }
}
