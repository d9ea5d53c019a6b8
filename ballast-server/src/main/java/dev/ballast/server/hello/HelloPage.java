package dev.ballast.server.hello;

/**
 * The HTML page a hello-world target answers with.
 *
 * <p>Thread-safe (stateless).
 */
public final class HelloPage {
    private HelloPage() {}

    /** The page for {@code taskId} on {@code hostname}; the task id is inside {@code <span id="task-id">}. */
    public static String render(String taskId, String hostname) {
        return """
                <!DOCTYPE html>
                <html>
                <head><meta charset="utf-8"><title>Hello world!</title></head>
                <body style="font-family: sans-serif; text-align: center; margin-top: 3em">
                <h1>Hello world!</h1>
                <h3>My task id is <span id="task-id">%s</span></h3>
                <h3>My hostname is <span id="hostname">%s</span></h3>
                </body>
                </html>
                """.formatted(escape(taskId), escape(hostname));
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
