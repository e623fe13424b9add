/** Payment authorizations: the payment participant of the order saga (hold, capture, cancel). */
package io.orderly.payment.authorization;
