package dev.ballast.core.routing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WildcardTest {
    @ParameterizedTest(name = "[{index}] {0} ~ {3} (ignoreCase={1}, escapes={2}) -> {4}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            abc      | false | false | abc     | true
            abc      | false | false | ABC     | false
            abc      | true  | false | ABC     | true
            a*c      | false | false | ac      | true
            a*c      | false | false | abbbc   | true
            a*c      | false | false | abcd    | false
            a?c      | false | false | abc     | true
            a?c      | false | false | ac      | false
            a?c      | false | false | abbc    | false
            *        | false | false | ""      | true
            *        | false | false | anything| true
            ?        | false | false | ""      | false
            **a**    | false | false | xxaxx   | true
            *a*b*c*  | false | false | xaybzc  | true
            *a*b*c*  | false | false | xaybz   | false
            *ab      | false | false | aab     | true
            *ab      | false | false | abab    | true
            *ab      | false | false | abba    | false
            a\\*b    | false | true  | a*b     | true
            a\\*b    | false | true  | axb     | false
            a\\?b    | false | true  | a?b     | true
            a\\?b    | false | true  | axb     | false
            a\\\\b   | false | true  | a\\b    | true
            a\\*b    | false | false | a\\xb   | true
            ÄB*      | true  | false | äbc     | true
            """)
    void matchesLikeAws(String pattern, boolean ignoreCase, boolean escapes, String text, boolean expected) {
        assertThat(Wildcard.compile(pattern, ignoreCase, escapes).matches(text)).isEqualTo(expected);
    }
}
