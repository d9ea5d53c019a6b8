package dev.ballast.api.ec2;

import dev.ballast.api.query.ApiResponse;
import dev.ballast.api.query.QueryDialect;
import dev.ballast.api.xml.XmlWriter;
import dev.ballast.control.error.AwsError;

/**
 * EC2's Query dialect: {@code <XResponse xmlns=…><requestId/>…members…</XResponse>}, and errors as
 * {@code <Response><Errors><Error><Code/><Message/></Error></Errors><RequestID/></Response>}.
 *
 * <p>Thread-safe (stateless).
 */
final class Ec2Dialect implements QueryDialect {
    @Override
    public XmlWriter open(String action, String namespace, String requestId) {
        return new XmlWriter().startRoot(action + "Response", namespace).element("requestId", requestId);
    }

    @Override
    public String close(XmlWriter xml, String requestId) {
        return xml.end().toString();
    }

    @Override
    public ApiResponse error(String namespace, AwsError error, String message, String requestId) {
        XmlWriter xml = new XmlWriter().start("Response").start("Errors").start("Error")
                .element("Code", error.code()).element("Message", message).end().end()
                .element("RequestID", requestId).end();
        return new ApiResponse(error.httpStatus(), xml.toString(), requestId);
    }
}
