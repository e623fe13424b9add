package io.orderly.order.orders;

import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the API shows of an order's saga: its state, its steps by name, the admin actions on it, and
 * the id of its trace (the request that placed the order and every drive of the saga since; null
 * when the order was placed outside a trace).
 */
public record SagaView(String state, List<StepView> steps, List<AuditView> audit, String traceId) {

    /** "payment authorize answered 409 insufficient-funds", without the participant's free-text detail. */
    private static final Pattern ANSWERED =
            Pattern.compile("^([a-z]+ [a-z]+ answered \\d{3}(?: [a-z0-9-]+(?=:|$))?)(?:[: ].*)?$");

    /** "inventory reserve", the participant and call every message of a call without an answer starts with. */
    private static final Pattern CALL = Pattern.compile("^([a-z]+ [a-z]+)[: ].*");

    /** A saga with no admin action yet, outside a trace. */
    public SagaView(String state, List<StepView> steps) {
        this(state, steps, List.of(), null);
    }

    /** A saga outside a trace. */
    public SagaView(String state, List<StepView> steps, List<AuditView> audit) {
        this(state, steps, audit, null);
    }

    /**
     * The saga as a customer sees it: a step's last error says what kind of answer the participant
     * gave (status and problem type), never its detail, which may carry another party's data (an
     * account balance, stock levels) or internal addresses. The admin sees the full text.
     */
    SagaView forCustomer() {
        return new SagaView(
                state,
                steps.stream()
                        .map(s -> new StepView(s.step(), s.status(), s.attempts(), publicError(s), s.at()))
                        .toList(),
                audit,
                traceId);
    }

    static String publicError(StepView step) {
        String error = step.lastError();
        if (error == null) {
            return null;
        }
        if ("REFUSED".equals(step.status())) {
            return "refused";
        }
        Matcher answered = ANSWERED.matcher(error);
        if (answered.matches()) {
            return answered.group(1);
        }
        Matcher call = CALL.matcher(error);
        return call.matches() ? call.group(1) + ": no answer" : "no answer";
    }

    /** One admin action: what ({@code RETRY}, {@code COMPENSATE}), by whom, when. */
    public record AuditView(String action, String by, Instant at) {}

    /** One step as the API shows it. */
    public record StepView(String step, String status, int attempts, String lastError, Instant at) {}
}
