package io.orderly.order.saga;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A saga's shape: try steps in order, each with its own state and its compensation; then, past the
 * point of no return, forward steps that are retried until they succeed. {@link Saga} asks it what
 * comes next; {@link SagaOrchestrator} asks it which call a step makes. The one definition is
 * {@link OrderSaga#DEFINITION}.
 */
final class SagaDefinition {

    /** The states the engine itself moves through; a try step has a state of its own. */
    private static final Set<SagaState> ENGINE_STATES =
            EnumSet.of(SagaState.CONFIRMING, SagaState.COMPENSATING, SagaState.CONFIRMED, SagaState.CANCELLED);

    /** A participant call that may be refused: a try step. */
    @FunctionalInterface
    interface Try {
        StepOutcome call(Participants participants, SagaSnapshot saga);
    }

    /** A participant call that succeeds or fails, never refuses: a forward step or a compensation. */
    @FunctionalInterface
    interface Action {
        void call(Participants participants, SagaSnapshot saga);
    }

    private record TryStep(Step step, SagaState state, Step compensation) {}

    private final List<TryStep> tries;
    private final List<Step> forward;
    private final List<Step> compensations;
    private final List<Step> order;
    private final Map<Step, Try> calls;

    private SagaDefinition(List<TryStep> tries, List<Step> forward, Map<Step, Try> calls) {
        this.tries = List.copyOf(tries);
        this.forward = List.copyOf(forward);
        this.compensations =
                tries.reversed().stream().map(TryStep::compensation).toList();
        List<Step> all = new ArrayList<>(tries.stream().map(TryStep::step).toList());
        all.addAll(forward);
        all.addAll(compensations);
        this.order = List.copyOf(all);
        this.calls = new EnumMap<>(calls);
    }

    static Builder builder() {
        return new Builder();
    }

    Step firstStep() {
        return tries.getFirst().step();
    }

    SagaState firstState() {
        return tries.getFirst().state();
    }

    boolean isTrying(SagaState state) {
        return tries.stream().anyMatch(t -> t.state() == state);
    }

    /** The try step a saga in {@code state} is taking. */
    Step tryStepIn(SagaState state) {
        return tries.stream()
                .filter(t -> t.state() == state)
                .map(TryStep::step)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(state + " is not a try state"));
    }

    /** The try step after {@code step}, or empty after the last one (the point of no return). */
    Optional<Step> nextTry(Step step) {
        for (int i = 0; i < tries.size() - 1; i++) {
            if (tries.get(i).step() == step) {
                return Optional.of(tries.get(i + 1).step());
            }
        }
        return Optional.empty();
    }

    /** The state a saga is in while it takes the try step {@code step}. */
    SagaState stateOf(Step step) {
        return tries.stream()
                .filter(t -> t.step() == step)
                .map(TryStep::state)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(step + " is not a try step"));
    }

    /** The forward steps, in the order they are taken. */
    List<Step> forwardSteps() {
        return forward;
    }

    /** Every compensation, in the order they are taken: the reverse of the tries. */
    List<Step> compensations() {
        return compensations;
    }

    /** The compensations of the tries that were begun (their outcome may be unknown), in reverse order. */
    List<Step> compensationsOf(Predicate<Step> begun) {
        return tries.reversed().stream()
                .filter(t -> begun.test(t.step()))
                .map(TryStep::compensation)
                .toList();
    }

    /** Where a step comes in the saga, for showing steps in the order they are taken. */
    int position(Step step) {
        return order.indexOf(step);
    }

    /** Makes the participant call of {@code step}. */
    StepOutcome call(Step step, Participants participants, SagaSnapshot saga) {
        Try call = calls.get(step);
        if (call == null) {
            throw new IllegalArgumentException("No call for " + step);
        }
        return call.call(participants, saga);
    }

    /** Declares a saga top to bottom: {@code tryStep}, {@code compensatedBy}, ..., then {@code forward}, ... */
    static final class Builder {

        private final List<TryStep> tries = new ArrayList<>();
        private final List<Step> forward = new ArrayList<>();
        private final Map<Step, Try> calls = new EnumMap<>(Step.class);
        private Step uncompensated;
        private SagaState uncompensatedState;

        private Builder() {}

        /** A step that may be refused; while the saga takes it, it is in {@code state}. */
        Builder tryStep(Step step, SagaState state, Try call) {
            check(uncompensated == null, "try step " + uncompensated + " has no compensation");
            check(forward.isEmpty(), "try step " + step + " after the point of no return");
            check(!ENGINE_STATES.contains(state), state + " is the engine's own state");
            check(tries.stream().noneMatch(t -> t.state() == state), "two try steps in state " + state);
            add(step, call);
            uncompensated = step;
            uncompensatedState = state;
            return this;
        }

        /** Undoes the try step above, also when its outcome is unknown; must accept an id it has never seen. */
        Builder compensatedBy(Step step, Action call) {
            check(uncompensated != null, "compensation " + step + " without a try step");
            add(step, succeeding(call));
            tries.add(new TryStep(uncompensated, uncompensatedState, step));
            uncompensated = null;
            return this;
        }

        /** A step past the point of no return (after every try succeeded): retried until it succeeds. */
        Builder forward(Step step, Action call) {
            check(uncompensated == null, "try step " + uncompensated + " has no compensation");
            check(!tries.isEmpty(), "forward step " + step + " before any try step");
            add(step, succeeding(call));
            forward.add(step);
            return this;
        }

        SagaDefinition build() {
            check(uncompensated == null, "try step " + uncompensated + " has no compensation");
            check(!tries.isEmpty() && !forward.isEmpty(), "a saga needs a try step and a forward step");
            return new SagaDefinition(tries, forward, calls);
        }

        private void add(Step step, Try call) {
            check(!calls.containsKey(step), step + " declared twice");
            calls.put(step, call);
        }

        private static Try succeeding(Action action) {
            return (participants, saga) -> {
                action.call(participants, saga);
                return StepOutcome.succeeded();
            };
        }

        private static void check(boolean condition, String problem) {
            if (!condition) {
                throw new IllegalStateException("Invalid saga definition: " + problem);
            }
        }
    }
}
