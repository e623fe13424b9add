/** Access rules: which token may call which endpoint (the shared resource server from service-security). */
package io.orderly.payment.security;
