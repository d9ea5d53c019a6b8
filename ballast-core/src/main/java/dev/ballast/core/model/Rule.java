package dev.ballast.core.model;

import dev.ballast.core.validation.Check;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A listener rule: a priority (1-50000, lower first), conditions that must all match, and an action.
 * AWS's limits per rule: at most one each of host-header, path-pattern, http-request-method and
 * source-ip; at most 5 match values and 5 wildcards in all.
 *
 * <p>Thread-safe (immutable).
 */
public record Rule(String arn, int priority, List<Condition> conditions, Action action) {
    /** The most condition values AWS allows in one rule. */
    public static final int MAX_VALUES = 5;
    /** The most wildcard characters AWS allows in one rule. */
    public static final int MAX_WILDCARDS = 5;

    /** Validates priority and AWS's per-rule condition limits. */
    public Rule {
        Check.text("RuleArn", arn);
        Check.range("Priority", priority, 1, 50000);
        conditions = Check.list("Conditions", conditions, 1, 50);
        Check.present("Actions", action);
        Set<String> single = new HashSet<>();
        int values = 0;
        int wildcards = 0;
        for (Condition c : conditions) {
            if (!(c instanceof Condition.HttpHeader) && !(c instanceof Condition.QueryString)) {
                Check.that(single.add(c.field()), "Conditions", c.field() + " twice", "at most one " + c.field()
                        + " condition per rule");
            }
            values += c.valueCount();
            for (String text : c.wildcardTexts()) {
                wildcards += countWildcards(text);
            }
        }
        Check.that(values <= MAX_VALUES, "Conditions", values + " condition values",
                "at most " + MAX_VALUES + " condition values per rule");
        Check.that(wildcards <= MAX_WILDCARDS, "Conditions", wildcards + " wildcards",
                "at most " + MAX_WILDCARDS + " wildcards per rule");
    }

    private static int countWildcards(String text) {
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch == '\\') {
                i++; // an escaped character is literal
            } else if (ch == '*' || ch == '?') {
                n++;
            }
        }
        return n;
    }
}
