package dev.ballast.control.cloudformation.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ballast.control.error.AwsException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvaluatorTest {
    private final Map<String, Object> parameters = new HashMap<>(
            new PseudoParameters("us-east-1", "123456789012", "web", "arn:aws:cloudformation:stack/web/1").values());
    private final Map<String, Object> mappings = Map.of("Sizes", Map.of("prod", Map.of("count", 3)));
    private final Map<String, Boolean> conditions = Map.of("IsProd", true, "IsDev", false);
    private final Evaluator.Resources resources = new Evaluator.Resources() {
        @Override
        public boolean exists(String id) {
            return id.equals("Lb");
        }

        @Override
        public Object ref(String id) {
            return "arn:lb";
        }

        @Override
        public Object getAtt(String id, String attribute) {
            return attribute.equals("SecurityGroups") ? List.of("sg-1", "sg-2") : "lb.example.com";
        }
    };

    private Object eval(Object value) {
        parameters.put("Env", "prod");
        parameters.put("Subnets", List.of("subnet-a", "subnet-b"));
        return new Evaluator(new Evaluator.Scope(parameters, mappings, conditions::get, resources,
                name -> name.equals("shared-vpc") ? "vpc-1" : null, "us-east-1")).evaluate(value, "/Resources/X");
    }

    @Test
    void refGivesParametersPseudoParametersAndPhysicalIds() {
        assertThat(eval(Map.of("Ref", "Env"))).isEqualTo("prod");
        assertThat(eval(Map.of("Ref", "AWS::Region"))).isEqualTo("us-east-1");
        assertThat(eval(Map.of("Ref", "AWS::AccountId"))).isEqualTo("123456789012");
        assertThat(eval(Map.of("Ref", "AWS::StackName"))).isEqualTo("web");
        assertThat(eval(Map.of("Ref", "AWS::StackId"))).isEqualTo("arn:aws:cloudformation:stack/web/1");
        assertThat(eval(Map.of("Ref", "AWS::Partition"))).isEqualTo("aws");
        assertThat(eval(Map.of("Ref", "AWS::URLSuffix"))).isEqualTo("amazonaws.com");
        assertThat(eval(Map.of("Ref", "Lb"))).isEqualTo("arn:lb");
    }

    @Test
    void noValueRemovesTheMemberOrItem() {
        Map<String, Object> in = new java.util.LinkedHashMap<>();
        in.put("A", Map.of("Ref", "AWS::NoValue"));
        in.put("B", List.of("x", Map.of("Ref", "AWS::NoValue")));
        assertThat(eval(in)).isEqualTo(Map.of("B", List.of("x")));
    }

    @Test
    void getAttInBothForms() {
        assertThat(eval(Map.of("Fn::GetAtt", List.of("Lb", "DNSName")))).isEqualTo("lb.example.com");
        assertThat(eval(Map.of("Fn::GetAtt", "Lb.SecurityGroups"))).isEqualTo(List.of("sg-1", "sg-2"));
    }

    @Test
    void subReplacesNamesAttributesVariablesAndKeepsEscapes() {
        assertThat(eval(Map.of("Fn::Sub", "${AWS::StackName}-${Env}-${Lb.DNSName}-${!Literal}")))
                .isEqualTo("web-prod-lb.example.com-${Literal}");
        assertThat(eval(Map.of("Fn::Sub", List.of("${Name}.${AWS::Region}", Map.of("Name", Map.of("Ref", "Lb"))))))
                .isEqualTo("arn:lb.us-east-1");
    }

    @Test
    void joinSelectSplit() {
        assertThat(eval(Map.of("Fn::Join", List.of(",", Map.of("Ref", "Subnets"))))).isEqualTo("subnet-a,subnet-b");
        assertThat(eval(Map.of("Fn::Select", List.of("1", Map.of("Ref", "Subnets"))))).isEqualTo("subnet-b");
        assertThat(eval(Map.of("Fn::Split", List.of("|", "a|b||c")))).isEqualTo(List.of("a", "b", "", "c"));
        assertThat(eval(Map.of("Fn::Select", List.of(0, Map.of("Fn::Split", List.of(".", "x.y")))))).isEqualTo("x");
    }

    @Test
    void selectOutOfRangeIsAnError() {
        assertThatThrownBy(() -> eval(Map.of("Fn::Select", List.of(5, List.of("a")))))
                .isInstanceOf(AwsException.class)
                .hasMessage("Template error: [/Resources/X/Fn::Select] Fn::Select cannot select nonexistent value "
                        + "at index 5");
    }

    @Test
    void conditionsAndIf() {
        assertThat(eval(Map.of("Fn::If", List.of("IsProd", "big", "small")))).isEqualTo("big");
        assertThat(eval(Map.of("Fn::If", List.of("IsDev", "big", Map.of("Ref", "AWS::NoValue")))))
                .isSameAs(Evaluator.NO_VALUE);
        assertThat(eval(Map.of("Fn::Equals", List.of(Map.of("Ref", "Env"), "prod")))).isEqualTo(true);
        assertThat(eval(Map.of("Fn::Equals", List.of(3, "3")))).isEqualTo(true);
        assertThat(eval(Map.of("Fn::And", List.of(Map.of("Condition", "IsProd"), Map.of("Condition", "IsDev")))))
                .isEqualTo(false);
        assertThat(eval(Map.of("Fn::Or", List.of(Map.of("Condition", "IsProd"), Map.of("Condition", "IsDev")))))
                .isEqualTo(true);
        assertThat(eval(Map.of("Fn::Not", List.of(Map.of("Condition", "IsDev"))))).isEqualTo(true);
        assertThatThrownBy(() -> eval(Map.of("Fn::If", List.of("Nope", 1, 2))))
                .hasMessageContaining("unresolved condition dependency Nope in Fn::If");
    }

    @Test
    void findInMapGetAzsImportValueBase64() {
        assertThat(eval(Map.of("Fn::FindInMap", List.of("Sizes", Map.of("Ref", "Env"), "count")))).isEqualTo(3);
        assertThatThrownBy(() -> eval(Map.of("Fn::FindInMap", List.of("Sizes", "dev", "count"))))
                .hasMessageContaining("Unable to get mapping for Sizes::dev::count");
        assertThat(eval(Map.of("Fn::GetAZs", ""))).isEqualTo(List.of("us-east-1a", "us-east-1b", "us-east-1c"));
        assertThat(eval(Map.of("Fn::ImportValue", "shared-vpc"))).isEqualTo("vpc-1");
        assertThatThrownBy(() -> eval(Map.of("Fn::ImportValue", "other")))
                .hasMessageContaining("No export named other found.");
        assertThat(eval(Map.of("Fn::Base64", "hello"))).isEqualTo("aGVsbG8=");
    }

    @Test
    void refToNothingNamesTheLocation() {
        assertThatThrownBy(() -> eval(Map.of("Cluster", Map.of("Ref", "Nope"))))
                .hasMessage("Template format error: [/Resources/X/Cluster/Ref] Unresolved resource dependencies "
                        + "[Nope] in the Resources block of the template");
    }

    @Test
    void unknownFunctionIsAnError() {
        assertThatThrownBy(() -> eval(Map.of("Fn::Nope", "x")))
                .hasMessageContaining("Encountered unsupported function: Fn::Nope");
    }
}
