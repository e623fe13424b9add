package io.orderly.loadbalancer;

/** What a finished request says about the instance that served it. */
public enum Outcome {
    SUCCESS,

    /** An exception (timeout, reset...) or a 5xx answer: counts toward a run of failures. */
    FAILURE,

    /** The instance could not be reached at all (refused, no route, connect timeout): ejects at once. */
    CONNECT_FAILURE,

    /** The request never reached an instance: it only stops counting as in flight. */
    DISCARDED
}
