package io.orderly.systemtest.architecture.cycle.a;

import io.orderly.systemtest.architecture.cycle.b.Second;

/** Half of a deliberate package cycle that the cycle rule must find. */
public class First {

    Second second;
}
