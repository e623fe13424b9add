package io.orderly.loadbalancer;

/** How a service's instance is chosen among the admitted (non-ejected) ones. */
public enum Strategy {

    /** Power of two choices scored by peak-EWMA latency times (in-flight + 1). */
    LATENCY,

    /** Plain rotation; ejection still applies. */
    ROUND_ROBIN
}
