package io.orderly.web.problem;

import io.orderly.problem.ProblemTypes;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.http.HttpStatusCode;

/**
 * Tomcat's own error report (for requests it refuses before any servlet runs, such as a broken
 * URL encoding) written as a problem detail instead of Tomcat's HTML page.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || response.isCommitted()) {
            return;
        }
        // Tomcat failed before Spring ran: a 5xx says no more than internal-error.
        HttpStatusCode code = HttpStatusCode.valueOf(status);
        String slug = status >= 500 ? ProblemTypes.INTERNAL_ERROR : ProblemTypes.slugFor(code);
        String title = status >= 500 ? "Internal Server Error" : ProblemTypes.titleFor(code);
        String detail = status >= 500
                ? "The server could not complete the request."
                : "The request could not be understood (for example, a malformed URL).";
        String body = "{\"type\":\"" + ProblemTypes.type(slug) + "\",\"title\":\"" + title + "\",\"status\":" + status
                + ",\"detail\":\"" + detail + "\"}";
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(body);
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // The client went away or the response is already out: nothing left to report.
        }
    }
}
