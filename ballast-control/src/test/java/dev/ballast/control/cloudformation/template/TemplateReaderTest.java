package dev.ballast.control.cloudformation.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ballast.control.error.AwsException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateReaderTest {
    @Test
    void yamlShortFormsBecomeTheirLongForms() {
        Map<String, Object> t = TemplateReader.read("""
                AWSTemplateFormatVersion: 2010-09-09
                Resources:
                  A:
                    Type: AWS::ECS::Cluster
                    Properties:
                      ClusterName: !Sub '${AWS::StackName}-c'
                      Ref: !Ref B
                      Att: !GetAtt B.DNSName
                      Dotted: !GetAtt B.Endpoint.Address
                      Join: !Join [ '-', [ a, !Ref B ] ]
                      If: !If [ C, 1, 2 ]
                      Not: !Not [ !Condition D ]
                      Map: !FindInMap [ M, k, v ]
                      Azs: !Select [ 0, !GetAZs '' ]
                      Split: !Split [ ',', 'a,b' ]
                      Import: !ImportValue x
                      B64: !Base64 hi
                      Eq: !Equals [ a, b ]
                """);
        assertThat(t.get("AWSTemplateFormatVersion")).isEqualTo("2010-09-09");
        Map<String, Object> p = Values.asMap(Values.asMap(Values.asMap(t.get("Resources")).get("A"))
                .get("Properties"));
        assertThat(p.get("ClusterName")).isEqualTo(Map.of("Fn::Sub", "${AWS::StackName}-c"));
        assertThat(p.get("Ref")).isEqualTo(Map.of("Ref", "B"));
        assertThat(p.get("Att")).isEqualTo(Map.of("Fn::GetAtt", List.of("B", "DNSName")));
        assertThat(p.get("Dotted")).isEqualTo(Map.of("Fn::GetAtt", List.of("B", "Endpoint.Address")));
        assertThat(p.get("Join")).isEqualTo(Map.of("Fn::Join", List.of("-", List.of("a", Map.of("Ref", "B")))));
        assertThat(p.get("If")).isEqualTo(Map.of("Fn::If", List.of("C", 1, 2)));
        assertThat(p.get("Not")).isEqualTo(Map.of("Fn::Not", List.of(Map.of("Condition", "D"))));
        assertThat(p.get("Map")).isEqualTo(Map.of("Fn::FindInMap", List.of("M", "k", "v")));
        assertThat(p.get("Azs")).isEqualTo(Map.of("Fn::Select", List.of(0, Map.of("Fn::GetAZs", ""))));
        assertThat(p.get("Split")).isEqualTo(Map.of("Fn::Split", List.of(",", "a,b")));
        assertThat(p.get("Import")).isEqualTo(Map.of("Fn::ImportValue", "x"));
        assertThat(p.get("B64")).isEqualTo(Map.of("Fn::Base64", "hi"));
        assertThat(p.get("Eq")).isEqualTo(Map.of("Fn::Equals", List.of("a", "b")));
    }

    @Test
    void jsonKeepsDocumentOrder() {
        Map<String, Object> t = TemplateReader.read("{\"Resources\": {\"B\": {}, \"A\": {}}}");
        assertThat(Values.asMap(t.get("Resources")).keySet()).containsExactly("B", "A");
    }

    @Test
    void malformedJsonNamesLineAndColumn() {
        assertThatThrownBy(() -> TemplateReader.read("{\n  \"Resources\": {\n    \"A\": ]\n}"))
                .isInstanceOf(AwsException.class)
                .hasMessage("Template format error: JSON not well-formed. (line 3, column 10)");
    }

    @Test
    void malformedYamlNamesLineAndColumn() {
        assertThatThrownBy(() -> TemplateReader.read("Resources:\n  A:\n    Type: [unclosed\n  B: x\n"))
                .isInstanceOf(AwsException.class)
                .hasMessageStartingWith("Template format error: YAML not well-formed. (line 4,");
    }

    @Test
    void aScalarIsNotATemplate() {
        assertThatThrownBy(() -> TemplateReader.read("just text"))
                .hasMessageStartingWith("Template format error: TemplateBody: not an object");
    }
}
