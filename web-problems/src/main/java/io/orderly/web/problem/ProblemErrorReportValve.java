package io.orderly.web.problem;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

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
        String slug = status == 400
                ? "bad-request"
                : status == 404 ? "not-found" : status >= 500 ? "internal-error" : "http-" + status;
        String title = status == 400
                ? "Bad Request"
                : status == 404 ? "Not Found" : status >= 500 ? "Internal Server Error" : "HTTP " + status;
        String detail = status >= 500
                ? "The server could not complete the request."
                : "The request could not be understood (for example, a malformed URL).";
        String body = "{\"type\":\"" + Problems.TYPE_BASE + slug + "\",\"title\":\"" + title + "\",\"status\":" + status
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
