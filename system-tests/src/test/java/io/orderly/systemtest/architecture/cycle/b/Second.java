package io.orderly.systemtest.architecture.cycle.b;

import io.orderly.systemtest.architecture.cycle.a.First;

/** The other half of a deliberate package cycle that the cycle rule must find. */
public class Second {

    First first;
}
