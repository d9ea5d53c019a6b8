package dev.ballast.control.ecs.placement;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Parses ECS's cluster query language, the subset that means something for Ballast's nodes:
 * {@code subject operator [argument]} joined with {@code and}/{@code &&}, {@code or}/{@code ||}, {@code not}/{@code !}
 * and parentheses. Subjects: {@code attribute:<name>}, {@code ec2InstanceId}, {@code task:group} and
 * {@code runningTasksCount}. Operators: {@code ==}/{@code equals}, {@code !=}/{@code not_equals}, {@code in},
 * {@code not_in}/{@code !in} (with a list {@code [a, b]}), {@code exists}, {@code !exists}/{@code not_exists}
 * (attributes only), {@code =~}/{@code matches}, {@code !~}/{@code not_matches} (a Java regular expression that must
 * match the whole value; quote one with parentheses), and {@code >}, {@code >=}, {@code <}, {@code <=} for {@code runningTasksCount}. Values are
 * bare words or quoted with {@code '} or {@code "}. {@code and} binds tighter than {@code or}.
 *
 * <p>Not thread-safe: one parser reads one expression; {@link #parse} makes a new one per call.
 */
public final class ClusterQuery {
    /** The longest expression ECS accepts. */
    public static final int MAX_LENGTH = 2000;

    private static final Set<String> EQUALS = Set.of("==", "equals");
    private static final Set<String> NOT_EQUALS = Set.of("!=", "not_equals");
    private static final Set<String> IN = Set.of("in");
    private static final Set<String> NOT_IN = Set.of("!in", "not_in");
    private static final Set<String> EXISTS = Set.of("exists");
    private static final Set<String> NOT_EXISTS = Set.of("!exists", "not_exists");
    private static final Set<String> MATCHES = Set.of("=~", "matches");
    private static final Set<String> NOT_MATCHES = Set.of("!~", "not_matches");
    private static final Map<String, String> COMPARISONS = Map.of(">", ">", "greater_than", ">", ">=", ">=",
            "greater_than_equal", ">=", "<", "<", "less_than", "<", "<=", "<=", "less_than_equal", "<=");
    private static final String OPERATORS = "==, !=, in, not_in, exists, not_exists, =~, !~, >, >=, <, <=";
    private static final String SYMBOLS = "()[],";

    private final String text;
    private int at;

    private ClusterQuery(String text) {
        this.text = text;
    }

    /**
     * The query {@code expression} means.
     *
     * @throws IllegalArgumentException saying what was expected where (without the field's name)
     */
    public static NodeQuery parse(String expression) {
        if (expression == null || expression.isBlank()) {
            throw new IllegalArgumentException("an expression such as attribute:ecs.availability-zone == us-east-1a");
        }
        if (expression.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("at most " + MAX_LENGTH + " characters, not " + expression.length());
        }
        ClusterQuery parser = new ClusterQuery(expression);
        NodeQuery query = parser.or();
        parser.skipSpace();
        if (parser.at < expression.length()) {
            throw parser.expected("'and', 'or' or the end");
        }
        return query;
    }

    private NodeQuery or() {
        NodeQuery left = and();
        while (keyword("||") || keyword("or")) {
            NodeQuery a = left;
            NodeQuery b = and();
            left = n -> a.matches(n) || b.matches(n);
        }
        return left;
    }

    private NodeQuery and() {
        NodeQuery left = unary();
        while (keyword("&&") || keyword("and")) {
            NodeQuery a = left;
            NodeQuery b = unary();
            left = n -> a.matches(n) && b.matches(n);
        }
        return left;
    }

    private NodeQuery unary() {
        skipSpace();
        if (keyword("not") || (peek("!") && !peek("!=") && !peek("!~") && symbol("!"))) {
            NodeQuery inner = unary();
            return n -> !inner.matches(n);
        }
        if (symbol("(")) {
            NodeQuery inner = or();
            if (!symbol(")")) {
                throw expected("')'");
            }
            return inner;
        }
        return comparison();
    }

    private NodeQuery comparison() {
        int subjectAt = skipSpace();
        String subject = word();
        if (subject.isEmpty()) {
            throw expected("a subject (attribute:<name>, ec2InstanceId, task:group or runningTasksCount)");
        }
        Subject s = subject(subject, subjectAt);
        skipSpace();
        String op = operator();
        if (op.isEmpty()) {
            throw expected("an operator (" + OPERATORS + ") after " + subject);
        }
        if (EXISTS.contains(op) || NOT_EXISTS.contains(op)) {
            if (s.kind != Kind.ATTRIBUTE) {
                throw expected("exists and not_exists with attribute:<name> only, not " + subject);
            }
            boolean want = EXISTS.contains(op);
            return n -> n.attributes().containsKey(s.name) == want;
        }
        if (IN.contains(op) || NOT_IN.contains(op)) {
            List<String> values = list();
            boolean negate = NOT_IN.contains(op);
            return n -> s.anyValue(n, values::contains) != negate;
        }
        String value = value();
        if (EQUALS.contains(op) || NOT_EQUALS.contains(op)) {
            if (s.kind == Kind.COUNT) {
                int expected = number(value);
                boolean negate = NOT_EQUALS.contains(op);
                return n -> (n.runningTasks() == expected) != negate;
            }
            boolean negate = NOT_EQUALS.contains(op);
            return n -> s.anyValue(n, value::equals) != negate;
        }
        if (MATCHES.contains(op) || NOT_MATCHES.contains(op)) {
            Pattern pattern;
            try {
                pattern = Pattern.compile(value);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("a regular expression after " + op + ", not " + value + " ("
                        + e.getDescription() + ")");
            }
            boolean negate = NOT_MATCHES.contains(op);
            return n -> s.anyValue(n, v -> pattern.matcher(v).matches()) != negate;
        }
        String comparison = COMPARISONS.get(op);
        if (s.kind != Kind.COUNT) {
            throw new IllegalArgumentException(op + " with runningTasksCount only, not " + subject);
        }
        int bound = number(value);
        return switch (comparison) {
            case ">" -> n -> n.runningTasks() > bound;
            case ">=" -> n -> n.runningTasks() >= bound;
            case "<" -> n -> n.runningTasks() < bound;
            default -> n -> n.runningTasks() <= bound;
        };
    }

    /** The kinds of subject the language has here. */
    private enum Kind { ATTRIBUTE, INSTANCE_ID, TASK_GROUP, COUNT }

    /** A subject and, for an attribute, its name. */
    private record Subject(Kind kind, String name) {
        /** True when some value of this subject on {@code n} passes {@code test}; an absent attribute has none. */
        boolean anyValue(NodeFacts n, java.util.function.Predicate<String> test) {
            return switch (kind) {
                case ATTRIBUTE -> n.attributes().containsKey(name) && test.test(n.attributes().get(name));
                case INSTANCE_ID -> test.test(n.instanceId());
                case TASK_GROUP -> n.taskGroups().stream().anyMatch(test);
                case COUNT -> test.test(Integer.toString(n.runningTasks()));
            };
        }
    }

    private Subject subject(String word, int wordAt) {
        if (word.startsWith("attribute:") && word.length() > "attribute:".length()) {
            return new Subject(Kind.ATTRIBUTE, word.substring("attribute:".length()));
        }
        return switch (word) {
            case "ec2InstanceId" -> new Subject(Kind.INSTANCE_ID, null);
            case "task:group" -> new Subject(Kind.TASK_GROUP, null);
            case "runningTasksCount" -> new Subject(Kind.COUNT, null);
            default -> throw new IllegalArgumentException("a subject (attribute:<name>, ec2InstanceId, task:group or "
                    + "runningTasksCount) at character " + (wordAt + 1) + ", not " + word);
        };
    }

    private List<String> list() {
        if (!symbol("[")) {
            throw expected("a list such as [us-east-1a, us-east-1b] after in or not_in");
        }
        List<String> values = new ArrayList<>();
        do {
            values.add(value());
        } while (symbol(","));
        if (!symbol("]")) {
            throw expected("',' or ']'");
        }
        return values;
    }

    private String value() {
        skipSpace();
        if (at < text.length() && (text.charAt(at) == '\'' || text.charAt(at) == '"')) {
            char quote = text.charAt(at);
            int end = text.indexOf(quote, at + 1);
            if (end < 0) {
                throw expected("a closing " + quote);
            }
            String v = text.substring(at + 1, end);
            at = end + 1;
            return v;
        }
        int start = at;
        // a bare value does not start like an operator (so "== = x" is refused, not read as the value "=")
        if (at < text.length() && "=!<>~".indexOf(text.charAt(at)) >= 0) {
            throw expected("a value");
        }
        while (at < text.length() && !Character.isWhitespace(text.charAt(at))
                && SYMBOLS.indexOf(text.charAt(at)) < 0) {
            at++;
        }
        if (start == at) {
            throw expected("a value");
        }
        return text.substring(start, at);
    }

    private int number(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a whole number for runningTasksCount, not " + value);
        }
    }

    /** A subject: letters, digits and {@code . - _ / \ :}. */
    private String word() {
        int start = at;
        while (at < text.length()) {
            char c = text.charAt(at);
            if (Character.isLetterOrDigit(c) || ".-_/\\:".indexOf(c) >= 0) {
                at++;
            } else {
                break;
            }
        }
        return text.substring(start, at);
    }

    /** A symbolic operator, or a word one (letters and '_', maybe after '!'). */
    private String operator() {
        for (String symbolic : List.of("==", "!=", "=~", "!~", ">=", "<=", ">", "<")) {
            if (text.startsWith(symbolic, at)) {
                at += symbolic.length();
                return symbolic;
            }
        }
        int start = at;
        if (at < text.length() && text.charAt(at) == '!') {
            at++;
        }
        while (at < text.length() && (Character.isLetter(text.charAt(at)) || text.charAt(at) == '_')) {
            at++;
        }
        String op = text.substring(start, at);
        if (EQUALS.contains(op) || NOT_EQUALS.contains(op) || IN.contains(op) || NOT_IN.contains(op)
                || EXISTS.contains(op) || NOT_EXISTS.contains(op) || MATCHES.contains(op)
                || NOT_MATCHES.contains(op) || COMPARISONS.containsKey(op)) {
            return op;
        }
        at = start;
        return "";
    }

    /** Consumes {@code word} (a keyword, followed by a space, '(' or the end) when it comes next. */
    private boolean keyword(String word) {
        skipSpace();
        if (!text.startsWith(word, at)) {
            return false;
        }
        int end = at + word.length();
        boolean symbolic = !Character.isLetter(word.charAt(0));
        if (!symbolic && end < text.length() && !Character.isWhitespace(text.charAt(end))
                && text.charAt(end) != '(') {
            return false;
        }
        at = end;
        return true;
    }

    private boolean peek(String s) {
        skipSpace();
        return text.startsWith(s, at);
    }

    private boolean symbol(String s) {
        if (peek(s)) {
            at += s.length();
            return true;
        }
        return false;
    }

    private int skipSpace() {
        while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
            at++;
        }
        return at;
    }

    private IllegalArgumentException expected(String what) {
        String found = at >= text.length() ? "the end" : "'" + text.substring(at, Math.min(text.length(), at + 20))
                + "'";
        return new IllegalArgumentException(what + " at character " + (at + 1) + ", not " + found);
    }
}
